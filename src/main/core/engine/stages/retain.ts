import type { TickParts, TickSnapshot } from '../tick-parts';

/**
 * Retain (full ticks): let go of the kept descriptors and CPU history of what is no longer
 * watched, so a machine's churn of short processes does not grow the engine's tables.
 */
export function retain({ source, supervisor, view, cpu, waits, sched }: TickParts, s: TickSnapshot): void {
  cpu.sweep();
  const keep = new Set<number>([...supervisor.liveProcs()].map((p) => p.pid));
  for (const pid of view.threadsFor) keep.add(pid);
  if (s.system) for (const pid of s.sysStats.keys()) keep.add(pid);
  source.retain(keep);
  waits?.retain(keep);
  sched?.retain(keep);
}
