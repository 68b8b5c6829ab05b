import { procKey } from '../../../shared/proc-key';
import type { RunLive } from '../store/state';
import type { LaneKind } from '../model/lanes';

/**
 * What a run without a lesson did, in the figures a learner looks for first: how many
 * processes it started, how many threads it had at once, how many cores it used at its peak,
 * what its threads waited on most, and whether the deadlock watchdog spoke.
 */
export interface RunSummary {
  processes: number;
  peakThreads: number;
  peakCores: number;
  /** The kinds of wait its threads spent the most samples in (not running), largest first, at most 3. */
  waits: Array<{ kind: LaneKind; share: number }>;
  /** Processes the watchdog suspected of a deadlock at some point. */
  deadlocks: number;
}

const NOT_WAITING = new Set<LaneKind>(['running', 'runnable']);

export function summarizeRun(live: RunLive): RunSummary {
  const spawned = new Set<number>();
  for (const e of live.timeline.toArray()) if (e.kind === 'spawned' && e.pid !== null) spawned.add(e.pid);
  let peakThreads = 0;
  let peakCores = 0;
  let peakProcs = 0;
  for (const p of live.series.toArray()) {
    peakThreads = Math.max(peakThreads, p.threads);
    peakCores = Math.max(peakCores, p.cores);
    peakProcs = Math.max(peakProcs, p.procs);
  }
  const counts = new Map<LaneKind, number>();
  let threadSamples = 0;
  for (const lane of live.lanes.lanes.values()) {
    if (lane.tid === null) continue;
    for (const pt of lane.points) {
      threadSamples++;
      if (!NOT_WAITING.has(pt.kind)) counts.set(pt.kind, (counts.get(pt.kind) ?? 0) + 1);
    }
  }
  const waits = [...counts]
    .map(([kind, n]) => ({ kind, share: n / threadSamples }))
    .sort((a, b) => b.share - a.share)
    .slice(0, 3);
  const suspected = new Set(live.lanes.deadlocks.filter((d) => d.kind === 'suspected').map((d) => procKey(d.pid, d.startTime)));
  return { processes: Math.max(spawned.size, peakProcs), peakThreads, peakCores, waits, deadlocks: suspected.size };
}
