/** Which runs ran the same program, and what a comparison asks about first. */
import { describe, expect, it } from 'vitest';
import { selectionWarnings, workloadOf } from '../../../src/shared/workload';
import type { RunInfo } from '../../../src/shared/model';
import type { CompareRow } from '../../../src/shared/results';
import { bestIndex, COMPARE_COLUMNS } from '../../../src/shared/compare-columns';

const r = (x: Partial<RunInfo>): Pick<RunInfo, 'scenarioId' | 'source' | 'argv' | 'status'> => ({
  scenarioId: null,
  argv: [],
  status: 'finished',
  ...x,
});

describe('workloadOf / selectionWarnings', () => {
  it('models of one scenario are one workload; another scenario, command or code is another', () => {
    expect(workloadOf(r({ scenarioId: 'a', argv: ['x'] }))).toBe(workloadOf(r({ scenarioId: 'a', argv: ['y'] })));
    expect(workloadOf(r({ scenarioId: 'a' }))).not.toBe(workloadOf(r({ scenarioId: 'b' })));
    expect(workloadOf(r({ argv: ['ls'] }))).not.toBe(workloadOf(r({ argv: ['ls', '-l'] })));
    expect(workloadOf(r({ source: { runtime: 'python', code: '1' } }))).not.toBe(workloadOf(r({ source: { runtime: 'node', code: '1' } })));
  });
  it('asks about other programs and about runs that did not finish normally', () => {
    expect(selectionWarnings([r({ scenarioId: 'a' }), r({ scenarioId: 'a' })])).toEqual({ unrelated: false, abnormal: 0 });
    expect(selectionWarnings([r({ scenarioId: 'a' }), r({ scenarioId: 'b', status: 'stopped' })])).toEqual({
      unrelated: true,
      abnormal: 1,
    });
  });
});

describe('bestIndex among marked runs', () => {
  const row = (runId: string, wallMs: number, mark: Partial<CompareRow> = {}): CompareRow =>
    ({ runId, wallMs, avgCores: 1, speedup: null, peakRss: 1, ...mark }) as unknown as CompareRow;
  const wall = COMPARE_COLUMNS.find((f) => f.id === 'wallMs')!;
  it('never stars a run cut short or of another program', () => {
    expect(
      bestIndex([row('a', 500), row('b', 700), row('killed', 40, { abnormal: true }), row('other', 10, { unrelated: true })], wall),
    ).toBe(0);
  });
  it('one comparable run left: nothing to be best against', () => {
    expect(bestIndex([row('a', 500), row('killed', 40, { abnormal: true })], wall)).toBe(-1);
  });
});
