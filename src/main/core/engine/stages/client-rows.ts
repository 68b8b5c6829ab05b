import { procKey } from '../../../../shared/proc-key';
import type { MachineSample } from '../../sampler/machine';
import type { TickParts, TickSnapshot } from '../tick-parts';

/**
 * Client rows (full ticks): the runs' processes, then in system scope every foreign process
 * from the stat lines the discover stage read. The machine's figures are read here too: the
 * rows' %MEM and the tick event need them.
 */
export function clientRows({ supervisor: sup, machine, foreign }: TickParts, s: TickSnapshot): MachineSample {
  const m = (s.machine = machine.sample());
  s.processes.push(...sup.rows());
  if (!s.system) return m;
  const seen = new Set<string>();
  for (const [pid, st] of s.sysStats) {
    if (sup.isTrackedPid(pid)) continue;
    const row = foreign.row(pid, st, s.now, s.sysStats.get(st.ppid)?.comm);
    seen.add(procKey(pid, st.startTime));
    s.foreignCpu.set(pid, row.cpu);
    s.processes.push(row);
  }
  foreign.retain(seen);
  return m;
}
