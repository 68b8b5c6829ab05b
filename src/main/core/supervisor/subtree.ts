import type { StatFields } from '../procfs';
import { procKey } from '../../../shared/proc-key';

export interface Ident {
  pid: number;
  startTime: number;
}

/**
 * The process `root` and everything below it: what the ppid links show now (`table`, a fresh scan)
 * plus what the run remembers below it (`remembered`: key "pid:startTime" → parent key), which
 * still finds descendants that were re-parented away after their parent exited.
 */
export function subtreeOf(
  root: Ident,
  table: Iterable<StatFields>,
  remembered: Iterable<Ident & { parentKey: string | null }> = [],
): Map<number, Ident> {
  const below = new Map<number, Ident>([[root.pid, root]]);
  const byParent = new Map<number, StatFields[]>();
  for (const s of table) {
    const list = byParent.get(s.ppid);
    if (list) list.push(s);
    else byParent.set(s.ppid, [s]);
  }
  for (const queue = [root.pid]; queue.length;) {
    for (const c of byParent.get(queue.shift() as number) ?? []) {
      if (below.has(c.pid) || c.startTime < root.startTime) continue; // older than root: not its child
      below.set(c.pid, { pid: c.pid, startTime: c.startTime });
      queue.push(c.pid);
    }
  }
  const procs = [...remembered];
  const keys = new Set([procKey(root.pid, root.startTime)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) {
      const k = procKey(p.pid, p.startTime);
      if (!p.parentKey || !keys.has(p.parentKey) || keys.has(k)) continue;
      keys.add(k);
      if (!below.has(p.pid)) below.set(p.pid, { pid: p.pid, startTime: p.startTime });
      grew = true;
    }
  }
  return below;
}
