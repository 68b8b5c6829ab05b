import {
  WAIT_KINDS,
  type DeadlockEvent,
  type FdKind,
  type ProcState,
  type RunData,
  type ThreadRow,
  type WaitKind,
  type WaitReason,
} from '../../../shared/model';

/** A lane's colour class: the wait reason, or the bare state where no reason is known. */
export type LaneKind = WaitKind | 'blocked';

export const LANE_KINDS: readonly LaneKind[] = [...WAIT_KINDS, 'blocked'];

export const LANE_COLORS: Record<LaneKind, string> = {
  running: '#2e9d4a',
  runnable: '#a6d96a',
  lock: '#d7301f',
  sleep: '#7fa7d9',
  io: '#8c6bb1',
  poll: '#41b6c4',
  child: '#a6761d',
  stopped: '#fd8d3c',
  zombie: '#525252',
  disk: '#e6ab02',
  other: '#bdbdbd',
  blocked: '#c6dbef',
};

export interface LanePoint {
  ts: number;
  kind: LaneKind;
  /** Cores (1 = one core busy). */
  cpu: number;
  wait?: WaitReason;
}

export interface Lane {
  key: string;
  pid: number;
  /** null for the process lane. */
  tid: number | null;
  name: string;
  points: LanePoint[];
}

/** Every lane of one run, in first-seen order (a process lane, then its threads). */
export interface LaneSet {
  lanes: Map<string, Lane>;
  /** Threads seen but not drawn (over MAX_THREAD_LANES). */
  dropped: Set<string>;
  deadlocks: DeadlockEvent[];
  pushes: number;
}

export const MAX_THREAD_LANES = 64;
export const MAX_LANE_POINTS = 2400;

export function newLaneSet(): LaneSet {
  return { lanes: new Map(), dropped: new Set(), deadlocks: [], pushes: 0 };
}

function fromState(state: ProcState): LaneKind {
  switch (state) {
    case 'running':
      return 'running';
    case 'disk-wait':
      return 'disk';
    case 'stopped':
      return 'stopped';
    case 'zombie':
    case 'dead':
      return 'zombie';
    case 'sleeping':
    case 'idle':
      return 'blocked';
    default:
      return 'other';
  }
}

export function threadKind(t: ThreadRow): LaneKind {
  return t.wait?.kind ?? fromState(t.state);
}

// A process lane shows its busiest thread: any running thread makes the process "running".
const PROCESS_ORDER: readonly LaneKind[] = [
  'running',
  'runnable',
  'disk',
  'io',
  'poll',
  'sleep',
  'child',
  'lock',
  'other',
  'blocked',
  'stopped',
  'zombie',
];

function processKind(state: ProcState, threads: ThreadRow[]): LaneKind {
  if (!threads.length) return fromState(state);
  let best = PROCESS_ORDER.length;
  for (const t of threads) best = Math.min(best, PROCESS_ORDER.indexOf(threadKind(t)));
  return PROCESS_ORDER[best] ?? fromState(state);
}

function push(set: LaneSet, key: string, make: () => Omit<Lane, 'points'>, p: LanePoint): void {
  let lane = set.lanes.get(key);
  if (!lane) set.lanes.set(key, (lane = { ...make(), points: [] }));
  lane.points.push(p);
  if (lane.points.length > MAX_LANE_POINTS) lane.points.shift();
}

/** Folds one sample (a tick's rows, or a journaled run sample) into the lanes. */
export function pushLaneSample(
  set: LaneSet,
  ts: number,
  procs: ReadonlyArray<{ pid: number; name?: string; state: ProcState; cpu: number }>,
  threads: ReadonlyArray<ThreadRow>,
): void {
  const byPid = new Map<number, ThreadRow[]>();
  for (const t of threads) byPid.set(t.pid, [...(byPid.get(t.pid) ?? []), t]);
  let threadLanes = 0;
  for (const l of set.lanes.values()) if (l.tid !== null) threadLanes++;
  for (const p of procs) {
    const rows = byPid.get(p.pid) ?? [];
    const name = p.name ?? rows.find((t) => t.tid === p.pid)?.name ?? '';
    push(set, `p${p.pid}`, () => ({ key: `p${p.pid}`, pid: p.pid, tid: null, name }), {
      ts,
      kind: processKind(p.state, rows),
      cpu: p.cpu / 100,
    });
    for (const t of [...rows].sort((a, b) => a.tid - b.tid)) {
      const key = `t${t.tid}`;
      if (!set.lanes.has(key)) {
        if (threadLanes >= MAX_THREAD_LANES) {
          set.dropped.add(key);
          continue;
        }
        threadLanes++;
      }
      push(set, key, () => ({ key, pid: t.pid, tid: t.tid, name: t.name }), {
        ts,
        kind: threadKind(t),
        cpu: t.cpu / 100,
        ...(t.wait && { wait: t.wait }),
      });
    }
  }
  set.pushes++;
}

/** The lanes of a finished run, from its journal. */
export function lanesFromRunData(data: RunData): LaneSet {
  const set = newLaneSet();
  for (const s of data.samples) pushLaneSample(set, s.ts, s.procs, s.threads ?? []);
  set.deadlocks = [...(data.deadlocks ?? [])];
  return set;
}

/** Lanes in drawing order: each process lane followed by its thread lanes. */
export function orderedLanes(set: LaneSet): Lane[] {
  const procs = [...set.lanes.values()].filter((l) => l.tid === null);
  const out: Lane[] = [];
  for (const p of procs) {
    out.push(p);
    for (const l of set.lanes.values()) if (l.tid !== null && l.pid === p.pid) out.push(l);
  }
  return out;
}

export interface Segment {
  from: number;
  to: number;
  kind: LaneKind;
  wait?: WaitReason;
}

/**
 * Consecutive points of the same kind (and the same lock word) merged into one segment; each
 * point lasts until the next one, the last for `tailMs`.
 */
export function segments(points: readonly LanePoint[], tailMs: number): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const to = points[i + 1]?.ts ?? p.ts + tailMs;
    const last = out[out.length - 1];
    if (last && last.kind === p.kind && last.wait?.word === p.wait?.word && last.to >= p.ts) last.to = to;
    else out.push({ from: p.ts, to, kind: p.kind, ...(p.wait && { wait: p.wait }) });
  }
  return out;
}

/** Suspected-deadlock stretches per pid: [since, withdrawn or end]. */
export function deadlockSpans(
  events: readonly DeadlockEvent[],
  endTs: number,
): Array<{ pid: number; from: number; to: number; event: DeadlockEvent }> {
  const out: Array<{ pid: number; from: number; to: number; event: DeadlockEvent }> = [];
  const open = new Map<string, (typeof out)[number]>();
  for (const e of events) {
    const key = `${e.pid}:${e.startTime}`;
    if (e.kind === 'suspected') {
      const span = { pid: e.pid, from: e.since, to: endTs, event: e };
      out.push(span);
      open.set(key, span);
    } else if (e.kind === 'withdrawn') {
      const span = open.get(key);
      if (span) span.to = e.ts;
      open.delete(key);
    }
  }
  return out;
}

/** Stacked CPU per thread: one row per sample time, one column per thread lane (cores). */
export function cpuStack(set: LaneSet, startedAt: number): { rows: Array<Record<string, number>>; keys: string[] } {
  const threads = [...set.lanes.values()].filter((l) => l.tid !== null);
  const byTs = new Map<number, Record<string, number>>();
  for (const l of threads)
    for (const p of l.points) {
      let row = byTs.get(p.ts);
      if (!row) byTs.set(p.ts, (row = { t: (p.ts - startedAt) / 1000 }));
      row[l.key] = p.cpu;
    }
  const rows = [...byTs.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  for (const r of rows) for (const l of threads) r[l.key] ??= 0;
  return { rows, keys: threads.map((l) => l.key) };
}

export function fdWord(fd: FdKind | undefined): `wait.fd.${FdKind}` | null {
  return fd ? `wait.fd.${fd}` : null;
}
