import type { TickParts, TickSnapshot } from '../tick-parts';

/**
 * Discover: which processes exist, and which new ones belong to a run. In runs scope the /proc
 * listing is skipped when the kernel has handed out no pid since the last tick; in system scope
 * every foreign stat line is read here, once, for every later stage.
 */
export function discover({ source, supervisor: sup }: TickParts, s: TickSnapshot): void {
  // Asked every tick, even when the answer is not needed: it remembers the last pid it saw.
  const maybeNew = source.maybeNewPids();
  if (s.system || maybeNew) {
    const allPids = source.listPids();
    if (s.system) {
      for (const pid of allPids) {
        if (sup.isTrackedPid(pid)) continue;
        const st = source.read(pid);
        if (st) s.sysStats.set(pid, st);
      }
    }
    sup.discover(allPids, (pid) => (s.system ? (s.sysStats.get(pid) ?? null) : source.probe(pid)));
  }
  // Whatever discovery missed (a setsid'd grandchild whose parent is gone) is still in its cgroup.
  sup.adoptCgroupMembers();
}

/** Read: fresh facts for every tracked process (exits, states, orphans, daemons). */
export function readTracked({ supervisor, cpu }: TickParts, s: TickSnapshot): void {
  s.stats = supervisor.updateTracked(s.now, cpu);
}
