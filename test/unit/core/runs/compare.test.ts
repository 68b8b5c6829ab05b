import { describe, expect, it } from 'vitest';
import { buildComparison, cpuTime, seriesOf } from '../../../../src/main/core/runs/compare';
import { ProclabError } from '../../../../src/shared/errors';
import { proc, run, sample, twoRuns } from '../../runs-fixtures';

const MiB = 1024 * 1024;

describe('buildComparison', () => {
  it('computes wall, CPU, cores, speedup and efficiency against the first run by default', () => {
    const c = buildComparison(twoRuns(), undefined, 42);
    expect(c.baselineId).toBe('run-threads');
    expect(c.generatedAt).toBe(42);
    const [th, pr] = c.rows;
    expect(th).toMatchObject({ wallMs: 10_000, cpuUserMs: 8100, cpuSysMs: 900, avgCores: 1, peakCores: 1, speedup: 1, efficiency: null });
    expect(th).toMatchObject({ peakRss: 20 * MiB, procsStarted: 1, procsPeak: 1, threadsPeak: 3, spawnLatencyMs: null, ctxSwitches: 90 });
    // The baseline ran two workers: an efficiency against it would change with the baseline, so none.
    expect(pr).toMatchObject({ wallMs: 5000, cpuUserMs: 50 + 3960 + 3960, cpuSysMs: 50, speedup: 2, efficiency: null });
    expect(pr!.avgCores).toBeCloseTo(2);
    expect(pr!.peakCores).toBeCloseTo(2);
    expect(pr).toMatchObject({ peakRss: 39 * MiB, procsStarted: 3, procsPeak: 3, threadsPeak: 3, spawnLatencyMs: 120, ctxSwitches: null });
  });

  it('gives the kernel’s peak for the whole run beside the per-process RSS sum, where samples carry it', () => {
    const runs = twoRuns();
    runs[1]!.info.memorySource = 'cgroup-v1';
    runs[1]!.samples.forEach((s, i) => (s.mem = (30 + i) * MiB));
    const c = buildComparison(runs);
    expect(c.rows[0]).toMatchObject({ peakMem: null, memorySource: null });
    expect(c.rows[1]).toMatchObject({ peakMem: (29 + runs[1]!.samples.length) * MiB, memorySource: 'cgroup-v1' });
    expect(c.rows[1]!.peakMem).toBeLessThan(c.rows[1]!.peakRss); // shared pages once, not once per process
  });

  it('uses the chosen baseline', () => {
    const c = buildComparison(twoRuns(), 'run-procs');
    expect(c.rows[0]).toMatchObject({ speedup: 0.5, efficiency: null });
    expect(c.rows[1]).toMatchObject({ speedup: 1, efficiency: null });
  });

  it('gives parallel efficiency = speedup ÷ min(workers, cores) against a one-worker run of the same workload, and only there', () => {
    const [threads, procs] = twoRuns();
    const seq = run({ id: 'run-seq', params: { model: 'sequential', workers: 4 }, startedAt: 900_000, endedAt: 910_000 });
    const c = buildComparison([seq, threads!, procs!]);
    const [s, th, pr] = c.rows;
    // Sequential code: no efficiency (the old figure divided by its workers param: 25 %).
    expect(s).toMatchObject({ speedup: 1, efficiency: null });
    expect(th).toMatchObject({ speedup: 1, efficiency: 0.5 }); // 1 ÷ min(2, 2)
    expect(pr).toMatchObject({ speedup: 2, efficiency: 1 }); // 2 ÷ min(2, 2)
    // More workers than cores: the ideal is the core count, not the workers.
    const eight = run({ id: 'run-8', params: { model: 'processes', workers: 8 }, startedAt: 950_000, endedAt: 955_000 });
    expect(buildComparison([seq, eight]).rows[1]).toMatchObject({ speedup: 2, efficiency: 1 });
  });

  it('refuses an unknown baseline and an empty list', () => {
    expect(() => buildComparison(twoRuns(), 'nope')).toThrow(ProclabError);
    expect(() => buildComparison([])).toThrow(ProclabError);
  });

  it('divides by min(most concurrent processes, cores) when there is no workers param', () => {
    const r = run(
      { id: 'x', params: {}, endedAt: 1_004_000 },
      {
        samples: [
          sample(1_001_000, [proc(1, 100), proc(2, 100), proc(3, 100)], { cores: [100, 100, 100, 0] }),
          sample(1_002_000, [proc(1, 100)], { cores: [100, 0, 0, 0] }),
        ],
      },
    );
    const base = run({ id: 'b', endedAt: 1_012_000 });
    const row = buildComparison([base, r]).rows[1]!;
    expect(row.speedup).toBe(3);
    expect(row.efficiency).toBe(1.5); // 3 ÷ min(3 processes, 2 cores): a figure above 1 is shown, not clamped
    expect(row.peakCores).toBe(3);
    expect(row.avgCores).toBe(2); // (3 + 1) / 2 over the samples where the run was alive
  });

  it('never reports more cores than the machine has (clock-tick rounding of short samples)', () => {
    const r = run({}, { samples: [sample(1_001_000, [proc(1, 103), proc(2, 101)]), sample(1_002_000, [proc(1, 99), proc(2, 99)])] });
    const row = buildComparison([r]).rows[0]!;
    expect(row.peakCores).toBe(2);
    expect(row.avgCores).toBeCloseTo(1.99, 2);
  });

  it('averages cores only over samples where the run had processes', () => {
    const r = run({}, { samples: [sample(1_001_000, [proc(1, 150)]), sample(1_002_000, []), sample(1_003_000, [proc(1, 50)])] });
    expect(buildComparison([r]).rows[0]!.avgCores).toBe(1);
  });

  it('weights each sample by the interval it covers, so a sample right after launch counts little', () => {
    const r = run(
      { startedAt: 1_000_000, endedAt: 1_001_020 },
      { samples: [sample(1_000_020, [proc(1, 0)]), sample(1_001_020, [proc(1, 200)])] },
    );
    expect(buildComparison([r]).rows[0]!.avgCores).toBeCloseTo(2000 / 1020, 6);
  });

  it('uses the last sample for the wall time of a run without an end', () => {
    const r = run(
      { endedAt: null, status: 'interrupted' },
      { samples: [sample(1_001_000, [proc(1, 10)]), sample(1_003_500, [proc(1, 10)])] },
    );
    expect(buildComparison([r]).rows[0]!.wallMs).toBe(3500);
  });
});

describe('cpuTime', () => {
  it('integrates cpu% over the intervals when the platform gives no cumulative times', () => {
    const s = [1000, 2000, 3000].map((ts) => sample(ts, [proc(1, 100), proc(2, 50)]));
    expect(cpuTime(s)).toEqual({ user: 3000 + 1500, sys: 0 });
  });

  it('takes the last-seen cumulative figure per process and sums them', () => {
    const s = [
      sample(1000, [proc(1, 0, { utimeMs: 10, stimeMs: 1 })]),
      sample(2000, [proc(1, 0, { utimeMs: 30, stimeMs: 4 }), proc(2, 0, { utimeMs: 7, stimeMs: 0 })]),
    ];
    expect(cpuTime(s)).toEqual({ user: 37, sys: 4 });
  });
});

describe('seriesOf', () => {
  it('aligns at run start and carries metrics between samples', () => {
    const [threads] = twoRuns();
    const pts = seriesOf(threads!);
    expect(pts[0]).toEqual({ t: 1000, cores: 1, rss: 20 * MiB, metrics: {} });
    const at2500 = pts.find((p) => p.t === 2500)!;
    expect(at2500).toMatchObject({ cores: 1, metrics: { done: 1 } });
    expect(pts.find((p) => p.t === 3000)!.metrics).toEqual({ done: 1 });
    expect(pts.at(-1)).toMatchObject({ t: 9500, metrics: { done: 2 } });
    expect(pts.map((p) => p.t)).toEqual([...pts.map((p) => p.t)].sort((a, b) => a - b));
  });

  it('keeps metrics of a run shorter than one sample', () => {
    const r = run({}, { outputs: [{ runId: 'run-a', ts: 1_000_100, stream: 'stdout', kind: 'metric', data: { name: 'n', value: 5 } }] });
    expect(seriesOf(r)).toEqual([{ t: 100, cores: 0, rss: 0, metrics: { n: 5 } }]);
  });

  it('thins very long series', () => {
    const samples = Array.from({ length: 3000 }, (_, i) => sample(1_000_000 + i * 10, [proc(1, 10)]));
    expect(seriesOf(run({}, { samples })).length).toBeLessThanOrEqual(2000);
  });
});

describe('buildComparison: unrelated and abnormal runs', () => {
  it('a run of another scenario or command gets no speedup or efficiency, and is marked', () => {
    const runs = twoRuns();
    runs[1]!.info.scenarioId = 'another-scenario';
    const c = buildComparison(runs);
    expect(c.rows[0]).toMatchObject({ unrelated: false, speedup: 1 });
    expect(c.rows[1]).toMatchObject({ unrelated: true, speedup: null, efficiency: null });
  });
  it('commands and scratchpad programs are the same workload only when they ran the same thing', () => {
    const runs = twoRuns();
    for (const r of runs) {
      r.info.scenarioId = null;
      r.info.runtime = 'python';
      r.info.source = { runtime: 'python', code: 'print(1)' };
    }
    expect(buildComparison(runs).rows[1]).toMatchObject({ unrelated: false, speedup: 2 });
    runs[1]!.info.source = { runtime: 'python', code: 'print(2)' };
    expect(buildComparison(runs).rows[1]).toMatchObject({ unrelated: true, speedup: null });
  });
  it('a run that did not finish normally is marked abnormal', () => {
    const runs = twoRuns();
    runs[1]!.info.status = 'stopped';
    const c = buildComparison(runs);
    expect(c.rows.map((r) => r.abnormal)).toEqual([false, true]);
  });
});
