/**
 * Threads ProcLab itself put into a program: the bootstrap's stacks listener, Python's or Node's
 * (one per run root that has the engine's channel). They are not the program's threads, so the thread
 * rows, thread counts, lanes, waits and the deadlock watchdog leave them out. Keyed by pid: a
 * listener says hello with its TID, and the entry goes with the process (`forgetHidden`).
 */
// Two ways in, one registry; the name cannot serve alone:
// - the hello's TID (stacks/py-channel.ts) hides the listener from every stat read (`numThreads`)
//   and task listing (`listTids`: waits, watchdog) without a per-thread comm read, also for
//   processes whose threads no one reads this tick; by name that would cost a read of every
//   thread of every run process on every tick;
// - the hello comes over the channel ProcLab opened, while a name is whatever the program sets:
//   the TID is what the listener is; its name (sampler/threads.ts) only finds it in the samples
//   taken before a late hello (the run's start waits only HELLO_WAIT_MS for it).
const hidden = new Map<number, Set<number>>();

/**
 * The listener's native thread name (python-bootstrap/_proclab_bootstrap.py LISTENER_NAME; a unit
 * test holds the two equal). Samples taken before its hello arrives find it by this name.
 */
export const LISTENER_COMM = 'proclab-stacks';

export function hideThread(pid: number, tid: number): void {
  let s = hidden.get(pid);
  if (!s) hidden.set(pid, (s = new Set()));
  s.add(tid);
}

export function forgetHidden(pid: number): void {
  hidden.delete(pid);
}

export function isHiddenThread(pid: number, tid: number): boolean {
  return hidden.get(pid)?.has(tid) ?? false;
}

export function hiddenThreadCount(pid: number): number {
  return hidden.get(pid)?.size ?? 0;
}
