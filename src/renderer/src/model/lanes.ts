import {
  WAIT_KINDS,
  type DeadlockEvent,
  type FdKind,
  type ProcState,
  type RunData,
  type SchedShares,
  type ThreadRow,
  type WaitKind,
  type WaitReason,
} from '../../../shared/model';
import { procKey } from '../../../shared/proc-key';

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
  /** The point's main colour: the largest of its shares where the kernel counted them, else the state seen. */
  kind: LaneKind;
  /** Cores (1 = one core busy): the running share where there are shares, so the CPU stack draws the lanes' numbers. */
  cpu: number;
  wait?: WaitReason;
  /** Of the interval ending at `ts`: on a core, queued for one; the rest blocked (in `blockedKind`). */
  shares?: SchedShares;
}

/** What the blocked rest of a point's interval is drawn as: the wait seen, or "blocked" when the look caught it in R. */
export function blockedKind(p: Pick<LanePoint, 'kind' | 'wait'>): LaneKind {
  const k = p.wait?.kind ?? p.kind;
  return k === 'running' || k === 'runnable' ? 'blocked' : k;
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

/**
 * A thread's colour for one interval. With the kernel's shares, the largest of running, queued and
 * blocked (a thread caught in R that spent most of the interval blocked reads as blocked, its
 * reason unknown); without them, the state the look caught.
 */
export function threadKind(t: ThreadRow): LaneKind {
  const seen = t.wait?.kind ?? fromState(t.state);
  const sh = t.shares;
  if (!sh) return seen;
  const blocked = 1 - sh.running - sh.runnable;
  if (blocked > sh.running && blocked > sh.runnable) return blockedKind({ kind: seen, ...(t.wait && { wait: t.wait }) });
  return sh.runnable > sh.running ? 'runnable' : 'running';
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

function push(set: LaneSet, key: string, make: () => Omit<Lane, 'points'>, p: LanePoint, name?: string): void {
  let lane = set.lanes.get(key);
  if (!lane) set.lanes.set(key, (lane = { ...make(), points: [] }));
  // A thread names itself after it starts (prctl, Python's bootstrap): the lane takes the latest name.
  if (name) lane.name = name;
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
    const kind = processKind(p.state, rows);
    // The process lane draws the shares of its busiest thread (the one that gave it its colour).
    const busiest = rows
      .filter((t) => t.shares && threadKind(t) === kind)
      .reduce<ThreadRow | null>((b, t) => (b && b.shares!.running >= t.shares!.running ? b : t), null);
    push(set, `p${p.pid}`, () => ({ key: `p${p.pid}`, pid: p.pid, tid: null, name }), {
      ts,
      kind,
      cpu: p.cpu / 100,
      ...(busiest?.shares && { shares: busiest.shares }),
      ...(busiest?.wait && { wait: busiest.wait }),
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
      push(
        set,
        key,
        () => ({ key, pid: t.pid, tid: t.tid, name: t.name }),
        {
          ts,
          kind: threadKind(t),
          cpu: t.cpu / 100,
          ...(t.wait && { wait: t.wait }),
          ...(t.shares && { shares: t.shares }),
        },
        t.name,
      );
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
  /** Where the kernel counted them: the interval's shares (a segment with shares is one interval, or equal ones merged). */
  shares?: SchedShares;
}

/** Shares this close draw the same bar (a twentieth of the lane's height). */
const SHARE_STEP = 0.05;
const sameShares = (a: SchedShares | undefined, b: SchedShares | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : Math.round(a.running / SHARE_STEP) === Math.round(b.running / SHARE_STEP) &&
      Math.round(a.runnable / SHARE_STEP) === Math.round(b.runnable / SHARE_STEP);

/**
 * Consecutive points of the same kind (and the same lock word, and shares that draw alike) merged
 * into one segment. A point with shares speaks for the interval that ENDS at it: it covers
 * [previous point, its ts]. A point without them (a first reading, no schedstat, an old journal)
 * is the state a look caught: it lasts until the next point — unless that one has shares and so
 * covers the gap itself — and the last one for `tailMs`.
 */
export function segments(points: readonly LanePoint[], tailMs: number): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const prev = points[i - 1];
    const next = points[i + 1];
    const from = p.shares && prev ? prev.ts : p.ts;
    const to = p.shares && prev ? p.ts : next ? (next.shares ? p.ts : next.ts) : p.ts + tailMs;
    if (to <= from) continue;
    const last = out[out.length - 1];
    if (last && last.kind === p.kind && last.wait?.word === p.wait?.word && sameShares(last.shares, p.shares) && last.to >= from)
      last.to = to;
    else out.push({ from, to, kind: p.kind, ...(p.wait && { wait: p.wait }), ...(p.shares && { shares: p.shares }) });
  }
  return out;
}

/** A segment's bands, bottom up, as fractions of the lane's height: running, queued for a core, blocked. */
export function segmentBands(s: Segment): Array<{ kind: LaneKind; share: number }> {
  if (!s.shares) return [{ kind: s.kind, share: 1 }];
  const { running, runnable } = s.shares;
  return [
    { kind: 'running' as LaneKind, share: running },
    { kind: 'runnable' as LaneKind, share: runnable },
    { kind: blockedKind(s), share: Math.max(0, 1 - running - runnable) },
  ].filter((b) => b.share > 0.005);
}

/** Suspected-deadlock stretches per pid: [since, withdrawn or end]. */
export function deadlockSpans(
  events: readonly DeadlockEvent[],
  endTs: number,
): Array<{ pid: number; from: number; to: number; event: DeadlockEvent }> {
  const out: Array<{ pid: number; from: number; to: number; event: DeadlockEvent }> = [];
  const open = new Map<string, (typeof out)[number]>();
  for (const e of events) {
    const key = procKey(e.pid, e.startTime);
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

/**
 * The suspicions still standing when their process ended (never withdrawn because it moved
 * again, only because it was gone), as history for the ended run's page.
 */
export function suspectedAtEnd(events: readonly DeadlockEvent[]): DeadlockEvent[] {
  const standing = new Map<string, DeadlockEvent>();
  for (const e of events) {
    // A lock-order inversion is a warning of its own, neither a suspicion nor its withdrawal.
    if (e.kind === 'potential') continue;
    const key = procKey(e.pid, e.startTime);
    if (e.kind === 'suspected') standing.set(key, e);
    else if (!e.ended) standing.delete(key);
  }
  return [...standing.values()];
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
