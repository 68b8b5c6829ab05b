import type { BatchProgress, RunsPage } from '../../../shared/results';
import type { DeadlockEvent, LifecycleEvent, ProcRow, RunData, RunInfo, RunNetEvent, RunOutput, TickEvent } from '../../../shared/model';
import { RingBuffer } from './ring';
import { connPointOf, type ConnPoint } from '../model/connections';
import type { TimelineItem } from '../model/timeline';
import { lanesFromRunData, newLaneSet, pushLaneSample, type LaneSet } from '../model/lanes';
import { procKey } from '../../../shared/proc-key';

/**
 * The renderer's state and the pure-ish reducers that fold events into it. Ring buffers
 * are mutated in place (bounded memory, no copying per tick) and every reducer returns a
 * new top-level object with a bumped `version`, which is what React subscribes to.
 */
export const LIVE_WINDOW_MS = 60_000;
/** 10 minutes at the fastest refresh (250 ms). */
export const HISTORY_CAPACITY = 2400;
export const RUN_SERIES_CAPACITY = 2400;
export const RUN_TIMELINE_CAPACITY = 1000;
export const RUN_LOG_CAPACITY = 2000;
export const METRIC_CAPACITY = 2000;
export const MAX_METRICS_PER_RUN = 24;
/** Live buffers are kept for this many runs; older finished runs are read back from the journal. */
export const MAX_LIVE_RUNS = 12;

export interface CoreSample {
  ts: number;
  cores: number[];
  total: number;
}

export interface RunPoint {
  ts: number;
  /** Sum of the run's process CPU, in cores (100 % of one core = 1). */
  cores: number;
  rss: number;
  procs: number;
  threads: number;
}

export interface LogLine {
  ts: number;
  stream: 'stdout' | 'stderr';
  text: string;
  pid?: number;
}

export interface MetricPoint {
  ts: number;
  value: number;
}

export interface MachinePoint {
  ts: number;
  /** Busy cores of the whole machine (sum of per-core utilization / 100). */
  busy: number;
}

export interface RunLive {
  runId: string;
  series: RingBuffer<RunPoint>;
  machine: RingBuffer<MachinePoint>;
  timeline: RingBuffer<TimelineItem>;
  logs: RingBuffer<LogLine>;
  metrics: Map<string, RingBuffer<MetricPoint>>;
  progress: { done: number; total: number } | null;
  result: Record<string, unknown> | null;
  /** Thread lanes: states and wait reasons over the run's time, and the watchdog's events. */
  lanes: LaneSet;
  /** TCP connections per reading: live from `run-net` events, or from a journal's samples. */
  conns: RingBuffer<ConnPoint>;
  /** True when `conns` came from the journal (the whole run), not from the events this window saw. */
  connsComplete: boolean;
  /** The newest `run-net` reading: the sockets each process holds (the port list). */
  ports: RunNetEvent | null;
  touched: number;
}

export interface State {
  version: number;
  tick: TickEvent | null;
  history: RingBuffer<CoreSample>;
  runs: Record<string, RunInfo>;
  live: Record<string, RunLive>;
  batch: BatchProgress | null;
  /** The tick the process tables keep showing while frozen. */
  frozen: TickEvent | null;
  /** The runs list comes in pages: the next page's cursor (null: every run is loaded) and how many runs there are. */
  runPages: { next: string | null; total: number };
}

export function initialState(): State {
  return {
    version: 0,
    tick: null,
    history: new RingBuffer(HISTORY_CAPACITY),
    runs: {},
    live: {},
    batch: null,
    frozen: null,
    runPages: { next: null, total: 0 },
  };
}

export function newRunLive(runId: string, now: number): RunLive {
  return {
    runId,
    series: new RingBuffer(RUN_SERIES_CAPACITY),
    machine: new RingBuffer(RUN_SERIES_CAPACITY),
    timeline: new RingBuffer(RUN_TIMELINE_CAPACITY),
    logs: new RingBuffer(RUN_LOG_CAPACITY),
    metrics: new Map(),
    progress: null,
    result: null,
    lanes: newLaneSet(),
    conns: new RingBuffer(RUN_SERIES_CAPACITY),
    connsComplete: false,
    ports: null,
    touched: now,
  };
}

/** Returns the live entry for a run, creating it (and evicting the stalest finished one) when needed. */
function liveFor(
  live: Record<string, RunLive>,
  runs: Record<string, RunInfo>,
  runId: string,
  now: number,
): { live: Record<string, RunLive>; entry: RunLive } {
  const existing = live[runId];
  if (existing) {
    existing.touched = now;
    return { live, entry: existing };
  }
  const next = { ...live, [runId]: newRunLive(runId, now) };
  const ids = Object.keys(next);
  if (ids.length > MAX_LIVE_RUNS) {
    const evictable = ids
      .filter((id) => id !== runId && runs[id]?.status !== 'running')
      .sort((a, b) => next[a]!.touched - next[b]!.touched);
    for (const id of evictable.slice(0, ids.length - MAX_LIVE_RUNS)) delete next[id];
  }
  return { live: next, entry: next[runId]! };
}

export function applyTick(s: State, tick: TickEvent): State {
  s.history.push({ ts: tick.ts, cores: tick.cores, total: tick.total });
  // One pass over the processes: per-run sums for the run charts.
  const perRun = new Map<string, RunPoint>();
  const runProcs = new Map<string, ProcRow[]>();
  for (const p of tick.processes) {
    if (p.runId === null || p.exited) continue;
    runProcs.set(p.runId, [...(runProcs.get(p.runId) ?? []), p]);
    let pt = perRun.get(p.runId);
    if (!pt) perRun.set(p.runId, (pt = { ts: tick.ts, cores: 0, rss: 0, procs: 0, threads: 0 }));
    pt.cores += p.cpu / 100;
    pt.rss += p.rss;
    pt.procs += 1;
    pt.threads += p.threads;
  }
  let live = s.live;
  let busy = 0;
  for (const c of tick.cores) busy += c / 100;
  for (const [runId, pt] of perRun) {
    const r = liveFor(live, s.runs, runId, tick.ts);
    live = r.live;
    r.entry.series.push(pt);
    r.entry.machine.push({ ts: tick.ts, busy });
    const procs = runProcs.get(runId) ?? [];
    pushLaneSample(
      r.entry.lanes,
      tick.ts,
      procs,
      procs.flatMap((p) => tick.threads[p.pid] ?? []),
    );
  }
  // A running run with no live process this tick (between phases) still gets a zero point.
  for (const [runId, info] of Object.entries(s.runs)) {
    const e = live[runId];
    if (info.status === 'running' && !perRun.has(runId) && e) {
      e.series.push({ ts: tick.ts, cores: 0, rss: 0, procs: 0, threads: 0 });
      e.machine.push({ ts: tick.ts, busy });
    }
  }
  return { ...s, version: s.version + 1, tick, live };
}

export function applyLifecycle(s: State, events: LifecycleEvent[]): State {
  let live = s.live;
  const tick = s.tick && withExits(s.tick, events);
  for (const e of events) {
    if (!e.runId) continue;
    const r = liveFor(live, s.runs, e.runId, e.ts);
    live = r.live;
    const { kind, ts, pid, name, detail, text, state, from } = e;
    r.entry.timeline.push({ kind, ts, pid, name, detail, ...(text && { text }), ...(state && { state }), ...(from && { from }) });
  }
  return { ...s, version: s.version + 1, live, tick };
}

/**
 * The tick's rows with the exits just announced: the engine notices a run's exits within its
 * 250 ms run samples and says so at once, but the next tick may be a whole display interval
 * away, and until then the table still read "sleeping · orphan" for a process already gone.
 */
function withExits(tick: TickEvent, events: readonly LifecycleEvent[]): TickEvent {
  const exits = new Map<string, LifecycleEvent>();
  for (const e of events) if (e.kind === 'exited' && e.exit) exits.set(procKey(e.pid, e.startTime), e);
  if (!exits.size) return tick;
  let changed = false;
  const processes = tick.processes.map((p) => {
    const e = exits.get(procKey(p.pid, p.startTime));
    if (!e || p.exited) return p;
    changed = true;
    return { ...p, exited: e.exit!, cpu: 0, rss: 0, threads: 0 };
  });
  return changed ? { ...tick, processes } : tick;
}

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

export function applyOutputs(s: State, outputs: RunOutput[]): State {
  let live = s.live;
  for (const o of outputs) {
    const r = liveFor(live, s.runs, o.runId, o.ts);
    live = r.live;
    const e = r.entry;
    switch (o.kind) {
      case 'log':
        e.logs.push({ ts: o.ts, stream: o.stream, text: o.text ?? '', ...(o.pid !== undefined ? { pid: o.pid } : {}) });
        break;
      case 'mark': {
        const tid = num(o.data?.tid);
        e.timeline.push({ kind: 'mark', ts: o.ts, pid: o.pid ?? null, name: '', detail: o.text ?? '', ...(tid !== null ? { tid } : {}) });
        break;
      }
      case 'metric': {
        const name = typeof o.data?.name === 'string' ? o.data.name : null;
        const value = num(o.data?.value);
        if (name === null || value === null) break;
        let ring = e.metrics.get(name);
        if (!ring) {
          if (e.metrics.size >= MAX_METRICS_PER_RUN) break;
          e.metrics.set(name, (ring = new RingBuffer(METRIC_CAPACITY)));
        }
        ring.push({ ts: o.ts, value });
        break;
      }
      case 'progress': {
        const done = num(o.data?.done);
        const total = num(o.data?.total);
        if (done !== null && total !== null) e.progress = { done, total };
        break;
      }
      case 'result':
        e.result = { ...(e.result ?? {}), ...(o.data ?? {}) };
        break;
    }
  }
  return { ...s, version: s.version + 1, live };
}

export function applyDeadlock(s: State, d: DeadlockEvent): State {
  if (!d.runId) return s;
  const r = liveFor(s.live, s.runs, d.runId, d.ts);
  r.entry.lanes.deadlocks.push(d);
  r.entry.lanes.pushes++;
  r.entry.timeline.push(deadlockItem(d));
  return { ...s, version: s.version + 1, live: r.live };
}

/** The watchdog's word in a run's timeline: it stays there after the run ends. */
function deadlockItem(d: DeadlockEvent): TimelineItem {
  return { kind: 'deadlock', ts: d.ts, pid: d.pid, name: d.name, detail: d.detail, text: d.text };
}

export function applyRunNet(s: State, n: RunNetEvent): State {
  const r = liveFor(s.live, s.runs, n.runId, n.ts);
  r.entry.conns.push(connPointOf(n));
  r.entry.ports = n;
  return { ...s, version: s.version + 1, live: r.live };
}

export function applyRun(s: State, info: RunInfo): State {
  const runs = { ...s.runs, [info.id]: info };
  const { live } = liveFor(s.live, runs, info.id, Date.now());
  return { ...s, version: s.version + 1, runs, live };
}

export function applyRunList(s: State, list: RunInfo[]): State {
  const runs: Record<string, RunInfo> = {};
  for (const r of list) runs[r.id] = r;
  // Keep runs we learnt about from events but the list does not have yet.
  for (const [id, r] of Object.entries(s.runs)) if (!runs[id] && r.status === 'running') runs[id] = r;
  return { ...s, version: s.version + 1, runs };
}

/** A page of runs.list: the first (or a reload) replaces the list, a later one adds to it. */
export function applyRunPage(s: State, page: RunsPage, append: boolean): State {
  const base = append
    ? { ...s, version: s.version + 1, runs: { ...s.runs, ...Object.fromEntries(page.runs.map((r) => [r.id, r])) } }
    : applyRunList(s, page.runs);
  return { ...base, runPages: { next: page.next, total: page.total } };
}

export function removeRun(s: State, runId: string): State {
  const runs = { ...s.runs };
  delete runs[runId];
  const live = { ...s.live };
  delete live[runId];
  return { ...s, version: s.version + 1, runs, live };
}

export function applyBatch(s: State, batch: BatchProgress): State {
  return { ...s, version: s.version + 1, batch };
}

export function setFrozen(s: State, frozen: boolean): State {
  return { ...s, version: s.version + 1, frozen: frozen ? s.tick : null };
}

/** The core samples of the last `windowMs` up to `untilTs` (default: the newest sample). */
export function recentCores(history: RingBuffer<CoreSample>, windowMs = LIVE_WINDOW_MS, untilTs?: number): CoreSample[] {
  const newest = history.last();
  if (!newest) return [];
  const from = (untilTs ?? newest.ts) - windowMs;
  return history.tailWhile((c) => c.ts > from);
}

/** A finished run read back from the journal, in the shape the live run view draws. */
export function liveFromRunData(data: RunData): RunLive {
  let s: State = { ...initialState(), runs: { [data.info.id]: data.info } };
  s = applyLifecycle(s, data.events);
  s = applyOutputs(s, data.outputs);
  const e = s.live[data.info.id] ?? newRunLive(data.info.id, Date.now());
  for (const smp of data.samples) {
    let busy = 0;
    for (const c of smp.cores) busy += c / 100;
    const pt: RunPoint = { ts: smp.ts, cores: 0, rss: 0, procs: 0, threads: 0 };
    for (const p of smp.procs) {
      pt.cores += p.cpu / 100;
      pt.rss += p.rss;
      pt.procs += 1;
      pt.threads += p.threads;
    }
    e.series.push(pt);
    e.machine.push({ ts: smp.ts, busy });
    e.conns.push(connPointOf(smp));
  }
  e.connsComplete = true;
  e.lanes = lanesFromRunData(data);
  if (data.deadlocks?.length) {
    const items = [...e.timeline.toArray(), ...data.deadlocks.map(deadlockItem)].sort((a, b) => a.ts - b.ts);
    e.timeline.clear();
    for (const it of items) e.timeline.push(it);
  }
  return e;
}
