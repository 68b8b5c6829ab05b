/**
 * Threads ProcLab itself put into a program: the Python bootstrap's stacks listener (one per
 * run root that has the engine's channel). They are not the program's threads, so the thread
 * rows, thread counts, lanes, waits and the deadlock watchdog leave them out. Keyed by pid: a
 * listener says hello with its TID, and the entry goes with the process (`forgetHidden`).
 */
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
