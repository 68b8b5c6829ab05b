import { workloadOf } from '../../../shared/workload';
import { ProclabError } from '../../../shared/errors';
import type { RunData, RunSample } from '../../../shared/model';
import type { CompareRow, Comparison, MetricSummary, SeriesPoint } from '../../../shared/results';
import { coresUsed, workAverageCores } from './work-window';
import { procKey } from '../../../shared/proc-key';

/**
 * Comparison of finished (or live) runs: the figures DESIGN.md lists, computed only from
 * what the journal holds, so the same runs always give the same table.
 */

/** Series longer than this are thinned (sample points are kept first) to keep reports small. */
export const MAX_SERIES_POINTS = 2000;

export { workloadOf };

/** The run's memory as the kernel counts it (cgroup charge or PSS), where its samples carry it. */
function kernelPeak(run: RunData): Pick<CompareRow, 'peakMem' | 'memorySource'> {
  const mems = run.samples.map((s) => s.mem).filter((m): m is number => typeof m === 'number');
  if (!mems.length || !run.info.memorySource) return { peakMem: null, memorySource: null };
  return { peakMem: Math.max(...mems), memorySource: run.info.memorySource };
}

export function buildComparison(runs: RunData[], baselineId?: string, now: number = Date.now()): Comparison {
  if (runs.length === 0) throw new ProclabError('invalid-payload', 'a comparison needs at least one run');
  // By default the first run that ended normally: a failed 40 ms run would make every other look slow.
  const baseline =
    baselineId === undefined ? (runs.find((r) => r.info.status === 'finished') ?? runs[0]) : runs.find((r) => r.info.id === baselineId);
  if (!baseline) throw new ProclabError('not-found', `baseline ${baselineId} is not one of the compared runs`);
  const baseWall = wallMs(baseline);
  const baseWork = workloadOf(baseline.info);
  return {
    baselineId: baseline.info.id,
    generatedAt: now,
    machine: baseline.machine,
    // One run compares with nothing: no speedup or efficiency against itself; nor does a run of
    // another program: its wall time says nothing about this one's.
    rows: runs.map((r) => {
      const unrelated = workloadOf(r.info) !== baseWork;
      const row = compareRow(r, runs.length > 1 && !unrelated ? baseWall : 0, parallelismOf(baseline));
      return { ...row, unrelated, abnormal: r.info.status !== 'finished' };
    }),
    series: runs.map((r) => ({ runId: r.info.id, name: r.info.name, points: seriesOf(r) })),
  };
}

/**
 * How many workers a run could keep busy at once: 1 for the sequential model, else its
 * `workers` parameter (or the most processes seen at once).
 */
export function parallelismOf(run: RunData): number {
  if (run.info.params['model'] === 'sequential') return 1;
  return Math.max(1, workersOf(run));
}

/**
 * Parallel efficiency: speedup ÷ min(workers, cores), the share of the ideal speed-up this run
 * reached. It means something only against a one-worker run of the same workload and for a
 * run that could use more than one core; elsewhere it is null (shown as "—").
 */
export function parallelEfficiency(run: RunData, speedup: number | null, baselineParallelism: number): number | null {
  if (speedup === null || baselineParallelism !== 1) return null;
  const ideal = Math.min(parallelismOf(run), run.machine.cores || Infinity);
  return ideal > 1 ? speedup / ideal : null;
}

export function compareRow(run: RunData, baselineWallMs: number, baselineParallelism = 1): CompareRow {
  const { info } = run;
  const wall = wallMs(run);
  const cpu = cpuTime(run.samples);
  const alive = run.samples.filter((s) => s.procs.length > 0);
  const coresPer = alive.map(coresUsed);
  const avgCores = workAverageCores(run);
  const speedup = wall > 0 && baselineWallMs > 0 ? baselineWallMs / wall : null;
  return {
    runId: info.id,
    name: info.name,
    scenarioId: info.scenarioId,
    runtime: info.runtime,
    params: info.params,
    status: info.status,
    wallMs: wall,
    cpuUserMs: cpu.user,
    cpuSysMs: cpu.sys,
    avgCores,
    peakCores: max(coresPer),
    speedup,
    // Not clamped to 1: a figure above 1 (noise, caches) is itself worth seeing.
    efficiency: parallelEfficiency(run, speedup, baselineParallelism),
    peakRss: max(run.samples.map((s) => sum(s.procs.map((p) => p.rss)))),
    ...kernelPeak(run),
    procsStarted: procsStarted(run),
    procsPeak: max(run.samples.map((s) => s.procs.length)),
    threadsPeak: max(run.samples.map((s) => sum(s.procs.map((p) => p.threads)))),
    spawnLatencyMs: spawnLatency(run),
    ctxSwitches: ctxSwitches(run.samples),
    metrics: metricSummaries(run),
    verdict: info.verdict,
  };
}

/** End minus start; a run without an end (live, or cut) uses the last thing it recorded. */
export function wallMs(run: RunData): number {
  const { info } = run;
  const end = info.endedAt ?? lastTs(run) ?? info.startedAt;
  return Math.max(0, end - info.startedAt);
}

function lastTs(run: RunData): number | null {
  const ts = [run.samples.at(-1)?.ts, run.events.at(-1)?.ts, run.outputs.at(-1)?.ts].filter((t): t is number => typeof t === 'number');
  return ts.length ? Math.max(...ts) : null;
}

export { coresUsed };

/**
 * CPU time per process: the last-seen cumulative utime/stime where the platform gives them
 * (exact, and it includes time before the first sample); otherwise cpu% × interval summed
 * over the samples, counted as user time since the split is unknown.
 */
export function cpuTime(samples: RunSample[]): { user: number; sys: number } {
  const exact = new Map<string, { user: number; sys: number }>();
  const integrated = new Map<string, number>();
  let prevTs: number | null = null;
  const step = typicalInterval(samples);
  for (const s of samples) {
    const dt = prevTs === null ? step : s.ts - prevTs;
    prevTs = s.ts;
    for (const p of s.procs) {
      const key = procKey(p.pid, p.startTime);
      if (p.utimeMs !== undefined || p.stimeMs !== undefined) {
        const last = exact.get(key) ?? { user: 0, sys: 0 };
        exact.set(key, { user: Math.max(last.user, p.utimeMs ?? 0), sys: Math.max(last.sys, p.stimeMs ?? 0) });
      } else {
        integrated.set(key, (integrated.get(key) ?? 0) + (p.cpu / 100) * dt);
      }
    }
  }
  let user = 0;
  let sys = 0;
  for (const [key, v] of exact) {
    user += v.user;
    sys += v.sys;
    integrated.delete(key); // a process seen both ways counts once, by its exact figures
  }
  for (const v of integrated.values()) user += v;
  return { user, sys };
}

/** Median gap between samples: the weight of the first sample, which has no predecessor. */
function typicalInterval(samples: RunSample[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < samples.length; i++) gaps.push(samples[i]!.ts - samples[i - 1]!.ts);
  if (!gaps.length) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

/** params.workers when the scenario has one, else the most processes alive at once. */
export function workersOf(run: RunData): number {
  const w = run.info.params['workers'];
  const n = typeof w === 'number' ? w : typeof w === 'string' && w.trim() !== '' ? Number(w) : NaN;
  if (Number.isFinite(n) && n > 0) return n;
  return max(run.samples.map((s) => s.procs.length));
}

function procsStarted(run: RunData): number {
  const ids = new Set<string>();
  for (const e of run.events) if (e.kind === 'spawned') ids.add(procKey(e.pid, e.startTime));
  for (const s of run.samples) for (const p of s.procs) ids.add(procKey(p.pid, p.startTime));
  return ids.size;
}

/** From run start to the first spawned process that is not the run's root. */
function spawnLatency(run: RunData): number | null {
  const { rootPid, startedAt } = run.info;
  const first = run.events.filter((e) => e.kind === 'spawned' && e.pid !== rootPid).sort((a, b) => a.ts - b.ts)[0];
  return first ? Math.max(0, first.ts - startedAt) : null;
}

/**
 * Each metric's last, peak and mean over every point the program printed (the series is
 * thinned for charts and could drop a one-point spike such as a blocked loop's lag).
 */
export function metricSummaries(run: RunData): Record<string, MetricSummary> {
  const acc = new Map<string, { last: number; peak: number; sum: number; n: number }>();
  for (const o of run.outputs) {
    if (o.kind !== 'metric' || !o.data) continue;
    const { name, value } = o.data;
    if (typeof name !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) continue;
    const a = acc.get(name);
    if (a) {
      a.last = value;
      a.peak = Math.max(a.peak, value);
      a.sum += value;
      a.n++;
    } else acc.set(name, { last: value, peak: value, sum: value, n: 1 });
  }
  return Object.fromEntries([...acc].map(([k, a]) => [k, { last: a.last, peak: a.peak, mean: a.sum / a.n, points: a.n }]));
}

function ctxSwitches(samples: RunSample[]): number | null {
  const last = new Map<string, number>();
  for (const s of samples)
    for (const p of s.procs) if (typeof p.ctxSwitches === 'number') last.set(procKey(p.pid, p.startTime), p.ctxSwitches);
  return last.size ? sum([...last.values()]) : null;
}

/**
 * Points aligned at run start. Sample points carry cores/RSS; metric outputs add points of
 * their own (holding the last sample's cores/RSS) so that metrics emitted between samples,
 * or by runs shorter than one sample, still show. Metrics hold their last value.
 */
export function seriesOf(run: RunData): SeriesPoint[] {
  const t0 = run.info.startedAt;
  type Item = { ts: number; sample?: RunSample; metric?: { name: string; value: number } };
  const items: Item[] = run.samples.map((s) => ({ ts: s.ts, sample: s }));
  for (const o of run.outputs) {
    if (o.kind !== 'metric' || !o.data) continue;
    const { name, value } = o.data as { name?: unknown; value?: unknown };
    if (typeof name === 'string' && typeof value === 'number' && Number.isFinite(value)) items.push({ ts: o.ts, metric: { name, value } });
  }
  // Stable sort: at equal ts the sample comes first, then the metrics it precedes.
  items.sort((a, b) => a.ts - b.ts);
  const points: Array<SeriesPoint & { fromSample: boolean }> = [];
  let cores = 0;
  let rss = 0;
  const metrics: Record<string, number> = {};
  for (const it of items) {
    if (it.sample) {
      cores = coresUsed(it.sample);
      rss = sum(it.sample.procs.map((p) => p.rss));
    }
    if (it.metric) metrics[it.metric.name] = it.metric.value;
    const point = { t: Math.max(0, it.ts - t0), cores, rss, metrics: { ...metrics }, fromSample: !!it.sample };
    // Several metrics at one instant become one point.
    const prev = points.at(-1);
    if (prev && prev.t === point.t && !point.fromSample) Object.assign(prev.metrics, point.metrics);
    else points.push(point);
  }
  return thin(points).map(({ fromSample: _f, ...p }) => p);
}

function thin<T extends { fromSample: boolean }>(points: T[]): T[] {
  if (points.length <= MAX_SERIES_POINTS) return points;
  const samples = points.filter((p) => p.fromSample).length;
  const room = Math.max(0, MAX_SERIES_POINTS - samples);
  const metricOnly = points.length - samples;
  // Keep every sample point and an even spread of metric-only points (always the last one).
  let out = points;
  if (room < metricOnly) {
    let seen = 0;
    const keepEvery = metricOnly / Math.max(1, room);
    let next = 0;
    out = points.filter((p) => {
      if (p.fromSample) return true;
      const i = seen++;
      if (i === metricOnly - 1 || i >= next) {
        next += keepEvery;
        return true;
      }
      return false;
    });
  }
  // Runs with more samples than the cap (hours at 1 s) are decimated uniformly.
  if (out.length <= MAX_SERIES_POINTS) return out;
  const stride = out.length / MAX_SERIES_POINTS;
  return Array.from({ length: MAX_SERIES_POINTS }, (_, i) => out[Math.min(out.length - 1, Math.floor(i * stride))]!);
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

function max(xs: number[]): number {
  let m = 0;
  for (const x of xs) if (x > m) m = x;
  return m;
}
