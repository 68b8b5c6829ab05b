import { readThreads } from '../../sampler/threads';
import type { TickParts, TickSnapshot } from '../tick-parts';

/** Threads: every live run process's threads, every tick (run samples and the watchdog need them). */
export function readRunThreads({ source, supervisor, cpu, waits, sched }: TickParts, s: TickSnapshot): void {
  const reader = source.reader;
  if (!reader) return;
  for (const p of supervisor.liveProcs()) {
    const st = s.stats.get(p.pid);
    if (st) s.threads[p.pid] = readThreads(p.pid, st, reader, cpu, s.now, p.cpu, waits, sched, s.threadTicks);
  }
}

/**
 * Watched threads: the pids a client expanded (full ticks only). After the foreign rows, so a
 * foreign pid's CPU is the one its row shows rather than a second reading a moment later.
 */
export function readWatchedThreads({ source, view, cpu, waits, sched }: TickParts, s: TickSnapshot): void {
  const reader = source.reader;
  if (!reader) return;
  for (const pid of view.threadsFor) {
    if (s.threads[pid]) continue;
    const st = s.sysStats.get(pid) ?? source.read(pid);
    if (!st) continue;
    const procCpu = s.foreignCpu.get(pid) ?? cpu.update(String(pid), st.startTime, st.utime + st.stime, s.now);
    s.threads[pid] = readThreads(pid, st, reader, cpu, s.now, procCpu, waits, sched);
  }
}
