import type { ProcRow, ThreadRow, TickEvent } from '../../shared/model';
import { MAX_THREADS_FOR } from '../../shared/monitor-view';
import type { Service } from './context';

export function nthTick(svc: Service, n: number, timeoutMs: number): Promise<TickEvent> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no process sample within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const off = svc.on('tick', (t) => {
      if (++seen < n) return;
      clearTimeout(timer);
      off();
      resolve(t);
    });
  });
}

/** Threads of the listed processes, asking the engine to watch them MAX_THREADS_FOR at a time (its limit per tick). */
export async function threadsOf(svc: Service, procs: ProcRow[]): Promise<Record<number, ThreadRow[]>> {
  const all: Record<number, ThreadRow[]> = {};
  const pids = procs.map((p) => p.pid);
  for (let i = 0; i < pids.length; i += MAX_THREADS_FOR) {
    const chunk = pids.slice(i, i + MAX_THREADS_FOR);
    await svc.handle('monitor.configure', { threadsFor: chunk });
    // The first tick after configuring reads them; a second gives their CPU% a full interval.
    const t = await nthTick(svc, 2, 10_000);
    for (const pid of chunk) if (t.threads[pid]) all[pid] = t.threads[pid]!;
  }
  return all;
}
