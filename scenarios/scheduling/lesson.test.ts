import { describe, expect, it } from 'vitest';
import lesson, { niceWeight } from './lesson';
import { checkedBilingual, expectAllOutcomesChecked, expectInconclusiveOnBadResult, makeRun, out } from '../../test/lessons/rundata';

const schedulingVerdict = checkedBilingual(lesson, 'scheduling');

describe('scheduling verdict', () => {
  // The lines as the program prints them (jobs and waits are comma lists).
  const sims = [
    out('result', 6, { sim: 'fcfs', jobs: '8,4,9,5,2', avg_wait: 13.4, waits: '0,8,12,21,26' }),
    out('result', 6, { sim: 'sjf', jobs: '8,4,9,5,2', avg_wait: 7.6, waits: '11,2,19,6,0' }),
    out('result', 6, { sim: 'rr', jobs: '8,4,9,5,2', avg_wait: 14.4, waits: '17,10,19,14,8' }),
  ];
  const kids = (cpu: number[], nices = [0, 2, 5], cpus = 1) =>
    nices.map((n, i) => out('result', 5, { child: i, nice: n, cpu_ms: cpu[i], cpus }));

  it('uses the kernel weight table (≈ 1024 × 1.25^-nice)', () => {
    expect(niceWeight(0)).toBe(1024);
    expect(niceWeight(5)).toBe(335);
    expect(niceWeight(5) / (1024 * 1.25 ** -5)).toBeCloseTo(1, 1);
  });
  it('passes when shares follow the weights', () => {
    const v = schedulingVerdict(makeRun({ params: { tolerance: 0.06 }, outputs: [...kids([1518, 970, 497]), ...sims] }));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('nice 0: 50.9 % (expected 50.8 %)');
  });
  it('fails when the core was shared equally (nice ignored)', () => {
    const v = schedulingVerdict(makeRun({ params: { tolerance: 0.06 }, outputs: [...kids([1000, 1000, 1000]), ...sims] }));
    expect(v.claims[1]!.pass).toBe(false);
    expect(v.pass).toBe(false);
  });
  it('fails when the children were not pinned to one core', () => {
    expect(schedulingVerdict(makeRun({ outputs: [...kids([1518, 970, 497], [0, 2, 5], 2), ...sims] })).claims[0]!.pass).toBe(false);
  });
  it('fails the simulation claim when SJF is not the lowest', () => {
    const bad = [out('result', 6, { sim: 'fcfs', avg_wait: 5 }), out('result', 6, { sim: 'sjf', avg_wait: 7.6 })];
    expect(schedulingVerdict(makeRun({ outputs: [...kids([1518, 970, 497]), ...bad] })).claims[2]!.pass).toBe(false);
  });
  expectInconclusiveOnBadResult(schedulingVerdict, 'cpu_ms');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(schedulingVerdict);
