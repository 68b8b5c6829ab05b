import { describe, expect, it } from 'vitest';
import { forkVsSpawnVerdict as forkVsSpawn } from '../../src/main/core/verdicts/fork-vs-spawn';
import { niceWeight, schedulingVerdict as scheduling } from '../../src/main/core/verdicts/scheduling';
import { checkedBilingual, expectBothOutcomesChecked, makeRun, out } from './verdicts-rundata';

const forkVsSpawnVerdict = checkedBilingual(forkVsSpawn);
const schedulingVerdict = checkedBilingual(scheduling);

describe('fork-vs-spawn verdict', () => {
  it('python: passes when fork is cheaper than spawn', () => {
    const v = forkVsSpawnVerdict(makeRun({ outputs: [out('result', 3, { count: 20, fork_ms: 3.1, forkserver_ms: 9, spawn_ms: 48 })] }));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('fork 3.1 ms');
  });
  it('python: fails when spawn was cheaper, or nothing was measured', () => {
    expect(forkVsSpawnVerdict(makeRun({ outputs: [out('result', 3, { fork_ms: 60, spawn_ms: 48 })] })).pass).toBe(false);
    expect(forkVsSpawnVerdict(makeRun({})).pass).toBe(false);
  });
  it('node: fork costs about as much as spawn', () => {
    expect(
      forkVsSpawnVerdict(makeRun({ runtime: 'node', outputs: [out('result', 3, { fork_ms: 60, spawn_ms: 55, worker_ms: 20 })] })).pass,
    ).toBe(true);
    expect(forkVsSpawnVerdict(makeRun({ runtime: 'node', outputs: [out('result', 3, { fork_ms: 5, spawn_ms: 55 })] })).pass).toBe(false);
  });
});

describe('scheduling verdict', () => {
  const sims = [
    out('result', 6, { sim: 'fcfs', avg_wait: 13.4 }),
    out('result', 6, { sim: 'sjf', avg_wait: 7.6 }),
    out('result', 6, { sim: 'rr', avg_wait: 14.4 }),
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
});

// Last, so that every verdict above has been computed (and checked) by then.
expectBothOutcomesChecked(forkVsSpawnVerdict, schedulingVerdict);
