import type { RunInfo } from './model';

/**
 * What program a run ran: its scenario (whatever the model or size: comparing those is the
 * point), else its scratchpad code, else its command line. Runs of different workloads get no
 * speedup or efficiency against each other.
 */
export function workloadOf(info: Pick<RunInfo, 'scenarioId' | 'source' | 'argv'>): string {
  if (info.scenarioId) return `scenario:${info.scenarioId}`;
  if (info.source) return `code:${info.source.runtime}:${info.source.code}`;
  return `argv:${JSON.stringify(info.argv)}`;
}

/** What a comparison of these runs should ask about first: other programs among them, runs that did not finish normally. */
export function selectionWarnings(runs: Array<Pick<RunInfo, 'scenarioId' | 'source' | 'argv' | 'status'>>): {
  unrelated: boolean;
  abnormal: number;
} {
  return {
    unrelated: new Set(runs.map(workloadOf)).size > 1,
    abnormal: runs.filter((r) => r.status !== 'finished').length,
  };
}
