import { describe, expect, it } from 'vitest';
import { cpuBoundVerdict as cpuBound } from '../../src/main/core/verdicts/cpu-bound';
import { ioBoundVerdict as ioBound } from '../../src/main/core/verdicts/io-bound';
import { coresStats, busySamples } from '../../src/main/core/verdicts/common';
import { checkedBilingual, expectBothOutcomesChecked, makeRun, out, proc, ROOT, series } from './verdicts-rundata';

const cpuBoundVerdict = checkedBilingual(cpuBound);
const ioBoundVerdict = checkedBilingual(ioBound);

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
    // A saturated machine cannot show parallelism: the claim fails and says why.
    const busy = cpuRun('python', 'processes', 2, [50, 50]);
    for (const s of busy.samples) s.cores = [100, 100];
    const vb = cpuBoundVerdict(busy);
    expect(vb.pass).toBe(false);
    expect(vb.claims[1]!.measured).toContain('too few free cores');
    // but a single busy core on an idle machine is still not enough for 2 processes
    const idle = cpuRun('python', 'processes', 2, [100]);
    for (const s of idle.samples) s.cores = [100, 0];
    expect(cpuBoundVerdict(idle).pass).toBe(false);
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
});

function ioRun(model: string, wall: number, task: number, extra: Record<string, unknown> = {}, cpu = 3, procs = 1) {
  return makeRun({
    params: { model, tasks: 6, sleep_ms: 1000 },
    samples: series(0, 4, (t) =>
      Array.from({ length: t >= 2 && t <= 3 ? procs : 1 }, (_, i) => proc(ROOT + i, cpu, { rss: 25 * 1048576 })),
    ),
    outputs: [
      out('progress', 1, { done: 0, total: 6 }),
      out('progress', 1 + wall / 1000, { done: 6, total: 6 }),
      out('result', 1 + wall / 1000, { wall_ms: wall, task_ms: task, cpu_ms: 30, parent_rss_kb: 25000, ...extra }),
    ],
  });
}

describe('io-bound verdict', () => {
  it('passes threads/async finishing in about one task with low CPU', () => {
    const v = ioBoundVerdict(ioRun('threads', 1100, 1000));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('1.10×');
    expect(ioBoundVerdict(ioRun('async', 1020, 1000)).pass).toBe(true);
  });

  it('fails threads that took twice one task, or burned CPU', () => {
    expect(ioBoundVerdict(ioRun('threads', 2100, 1000)).claims[1]!.pass).toBe(false);
    const hot = ioBoundVerdict(ioRun('async', 1050, 1000, {}, 90));
    expect(hot.claims[2]!.pass).toBe(false);
    expect(hot.pass).toBe(false);
  });

  it('processes: reports a spawn cost and more memory than the parent alone', () => {
    const v = ioBoundVerdict(ioRun('processes', 1400, 1000, { spawn_ms: 45.5 }, 3, 7));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('45.5 ms per process');
    expect(v.figures.spawnMs).toBe(45.5);
    expect(v.claims[2]!.measured).toContain('7 processes');
  });

  it('processes: falls back to the program memory report, and fails without a spawn cost', () => {
    const v = ioBoundVerdict(ioRun('pool', 1400, 1000, { spawn_ms: 20, children_rss_kb: 120000 }));
    expect(v.claims[2]!.pass).toBe(true);
    expect(v.claims[2]!.measured).toContain('reported by the program');
    expect(ioBoundVerdict(ioRun('processes', 1400, 1000, {}, 3, 7)).pass).toBe(false);
  });

  it('sequential: takes about N tasks', () => {
    expect(ioBoundVerdict(ioRun('sequential', 6100, 1000)).pass).toBe(true);
    expect(ioBoundVerdict(ioRun('sequential', 2000, 1000)).pass).toBe(false);
  });
});

// Last, so that every verdict above has been computed (and checked) by then.
expectBothOutcomesChecked(cpuBoundVerdict, ioBoundVerdict);
