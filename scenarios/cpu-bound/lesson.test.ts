import { describe, expect, it } from 'vitest';
import { busySamples, coresStats } from '../../src/main/core/lessons/kit';
import { compareRow } from '../../src/main/core/runs/compare';
import lesson from './lesson';
import {
  checkedBilingual,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  makeRun,
  out,
  proc,
  ROOT,
  series,
} from '../../test/lessons/rundata';

const cpuBoundVerdict = checkedBilingual(lesson, 'cpu-bound');

/** A cpu-bound run: progress from t=1 to t=5, with these per-process CPU% while busy. */
function cpuRun(runtime: 'python' | 'node', model: string, workers: number, busy: number[]) {
  return makeRun({
    runtime,
    params: { model, workers, work_ms: 3000 },
    samples: series(0, 7, (t) => (t >= 2 && t <= 5 ? busy.map((c, i) => proc(ROOT + i, c)) : [proc(ROOT, 2)])),
    outputs: [
      out('progress', 1, { done: 0, total: workers }),
      out('progress', 5, { done: workers, total: workers }),
      out('result', 5.1, { wall_ms: 4000 }),
    ],
  });
}

describe('cpu-bound verdict', () => {
  it('averages cores over the busy window only', () => {
    const run = cpuRun('python', 'threads', 4, [104]);
    expect(busySamples(run).map((s) => s.ts - run.info.startedAt)).toEqual([2000, 3000, 4000, 5000]);
    expect(coresStats(busySamples(run)).avg).toBeCloseTo(1.04);
  });

  it('passes Python threads held to one core by the GIL, with the figure in words', () => {
    const v = cpuBoundVerdict(cpuRun('python', 'threads', 4, [104]));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('Python threads used 1.04 cores on average');
    expect(v.claims[1]!.measured).toContain('claim: ≤ 1.3');
    expect(v.figures.avgCores).toBeCloseTo(1.04);
  });

  it('fails Python threads that used two cores', () => {
    const v = cpuBoundVerdict(cpuRun('python', 'threads', 4, [95, 95]));
    expect(v.pass).toBe(false);
    expect(v.claims[1]!.pass).toBe(false);
  });

  it('passes processes using ≥ 0.7 × min(N, cores), fails below', () => {
    expect(cpuBoundVerdict(cpuRun('python', 'processes', 4, [2, 80, 80])).pass).toBe(true); // 1.62 ≥ 1.4
    const low = cpuBoundVerdict(cpuRun('python', 'processes', 4, [2, 60, 60])); // 1.22 < 1.4
    expect(low.pass).toBe(false);
    expect(low.claims[1]!.measured).toContain('claim: ≥ 1.40');
  });

  it('lowers the target to the cores other programs left free, and says so', () => {
    const run = cpuRun('python', 'processes', 2, [60, 60]);
    // Others used 0.4 of a core: 1.6 free, so the target is 0.7 × 1.6 = 1.12.
    for (const s of run.samples) s.cores = [80, 80];
    const v = cpuBoundVerdict(run);
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('other programs used 0.40 cores');
    expect(v.figures.othersCores).toBeCloseTo(0.4);
    // A saturated machine cannot show parallelism: neither a pass nor a fail, and it says why.
    const busy = cpuRun('python', 'processes', 2, [50, 50]);
    for (const s of busy.samples) s.cores = [100, 100];
    const vb = cpuBoundVerdict(busy);
    expect(vb.pass).toBe(false);
    expect(vb.outcome).toBe('inconclusive');
    expect(vb.inconclusive).toMatchObject({ cause: 'machine', text: { en: expect.stringContaining('only 1.00 cores were free') } });
    expect(vb.claims[1]!.undecided?.zh).toContain('只有 1.00 个核空闲');
    // but a single busy core on an idle machine is still not enough for 2 processes
    const idle = cpuRun('python', 'processes', 2, [100]);
    for (const s of idle.samples) s.cores = [100, 0];
    expect(cpuBoundVerdict(idle).pass).toBe(false);
  });

  it('is inconclusive, not failed, when the work met its target but too few cores were free to tell', () => {
    // The run of the issue: 1.17 cores used while others took most of the machine.
    const run = cpuRun('python', 'processes', 2, [59, 58]);
    for (const s of run.samples) s.cores = [100, 100];
    const v = cpuBoundVerdict(run);
    expect(v.outcome).toBe('inconclusive');
    expect(v.claims[1]!.measured).toContain('1.17 cores on average');
    expect(v.figures.freeCores).toBeCloseTo(1.17);
    // A met target that is still inconclusive says why in so many words.
    expect(v.inconclusive?.text.en).toContain('meet the lowered target ≥ 0.82, but one thread alone could use as much');
    expect(v.inconclusive?.text.zh).toContain('达到了降低后的目标 ≥ 0.82');
  });

  it('draws the band the claim was judged by: one threshold in the verdict and on the chart', () => {
    const busy = cpuRun('python', 'processes', 4, [60, 60]);
    for (const s of busy.samples) s.cores = [90, 90]; // others 0.6 → 1.4 free → need 0.98
    const v = cpuBoundVerdict(busy);
    expect(v.band?.from).toBeCloseTo(0.98);
    expect(v.band?.label.en).toBe('≥ 0.98 cores on average');
    expect(v.claims[1]!.measured).toContain('claim: ≥ 0.98');
    // On a quiet machine it is the launch-time band.
    const quiet = cpuBoundVerdict(cpuRun('python', 'processes', 4, [90, 90]));
    expect(quiet.band).toEqual(lesson.band!({ runtime: 'python', params: { model: 'processes', workers: 4 }, cores: 2 }));
    expect(cpuBoundVerdict(cpuRun('python', 'threads', 4, [100])).band?.label.en).toBe('≤ 1.3 cores on average');
  });

  it('uses the same average cores as the comparison table', () => {
    const run = cpuRun('python', 'processes', 2, [95, 95]);
    // Uneven sampling: a sample 100 ms after the previous one must not weigh like a second.
    run.samples.splice(3, 0, { ...run.samples[3]!, ts: run.samples[2]!.ts + 100, procs: [proc(ROOT, 20)] });
    const v = cpuBoundVerdict(run);
    expect(v.figures.avgCores).toBeCloseTo(compareRow(run, 0).avgCores, 2);
    expect(v.figures.avgCores).toBeGreaterThan(1.5);
  });

  it('scales the target with the core count (1 worker needs 0.7)', () => {
    expect(cpuBoundVerdict(cpuRun('python', 'pool', 1, [75])).pass).toBe(true);
  });

  it('checks Node worker threads like processes, Node async like one thread', () => {
    expect(cpuBoundVerdict(cpuRun('node', 'threads', 2, [180])).pass).toBe(true);
    expect(cpuBoundVerdict(cpuRun('node', 'threads', 2, [100])).pass).toBe(false);
    expect(cpuBoundVerdict(cpuRun('node', 'async', 4, [100])).pass).toBe(true);
    expect(cpuBoundVerdict(cpuRun('node', 'async', 4, [190])).pass).toBe(false);
  });

  it('fails when nothing was sampled, or the program failed', () => {
    const empty = makeRun({ params: { model: 'threads', workers: 2 } });
    expect(cpuBoundVerdict(empty).pass).toBe(false);
    const failed = { ...cpuRun('python', 'threads', 2, [100]) };
    failed.info = { ...failed.info, status: 'failed', exit: { code: 1, signal: null, by: 'self', at: failed.info.endedAt! } };
    expect(cpuBoundVerdict(failed).pass).toBe(false);
  });
  expectInconclusiveOnBadResult(cpuBoundVerdict, 'wall_ms');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(cpuBoundVerdict);
