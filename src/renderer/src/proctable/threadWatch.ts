import { MAX_THREADS_FOR } from '../../../shared/monitor-view';

/**
 * Which pids' threads the tables on screen want. The engine takes one list
 * (configureMonitor({threadsFor})), so the tables' wishes are merged here and sent,
 * debounced, through `send` (window.proclab.configureMonitor in the app).
 */

export function mergedThreadsFor(w: ReadonlyMap<string, readonly number[]>): number[] {
  const all = new Set<number>();
  for (const list of w.values()) for (const pid of list) all.add(pid);
  return [...all].sort((a, b) => a - b).slice(0, MAX_THREADS_FOR);
}

export function createThreadWatch(send: (threadsFor: number[]) => Promise<unknown>, delayMs = 80) {
  const wanted = new Map<string, readonly number[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = '';
  return function watchThreads(owner: string, pids: readonly number[]): void {
    if (pids.length) wanted.set(owner, pids);
    else wanted.delete(owner);
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      const threadsFor = mergedThreadsFor(wanted);
      const key = threadsFor.join(',');
      if (key === lastSent) return;
      lastSent = key;
      send(threadsFor).catch(() => {
        lastSent = '';
      });
    }, delayMs);
  };
}
