import type { RunNetEvent, RunSocket } from '../../../shared/model';

/** One run sample's TCP sockets: totals across the run's processes and ESTABLISHED per process. */
export interface ConnPoint {
  ts: number;
  /** False when no process of this sample had its sockets read (or held none). */
  tcp: boolean;
  established: number;
  listen: number;
  /** ESTABLISHED sockets by pid. */
  perPid: Record<number, number>;
}

/** A chart row: seconds since the run's start, the totals, and `p<pid>` per charted process. */
export type ConnRow = { t: number; established: number; listen: number } & Record<string, number>;

export interface ConnSeries {
  rows: ConnRow[];
  /** Processes charted one by one; empty when more held connections than are worth a line each. */
  pids: number[];
  peakEstablished: number;
}

/** What a point is read from: a journal's run sample or a live `run-net` reading (both fit). */
interface SocketCounts {
  ts: number;
  procs: ReadonlyArray<{ pid: number; tcp?: Record<string, number> }>;
}

export function connPointOf(sample: SocketCounts): ConnPoint {
  const pt: ConnPoint = { ts: sample.ts, tcp: false, established: 0, listen: 0, perPid: {} };
  for (const p of sample.procs) {
    if (!p.tcp) continue;
    pt.tcp = true;
    const est = p.tcp['ESTABLISHED'] ?? 0;
    pt.established += est;
    pt.listen += p.tcp['LISTEN'] ?? 0;
    if (est) pt.perPid[p.pid] = (pt.perPid[p.pid] ?? 0) + est;
  }
  return pt;
}

/**
 * The run's connections over time, or null when no sample has TCP counts (the card is then not
 * shown). Per-process lines only when at most `maxLines` processes ever held a connection: a
 * process-per-connection server would otherwise draw one unreadable line per client.
 */
export function connSeries(points: readonly ConnPoint[], startedAt: number, maxLines = 4): ConnSeries | null {
  if (!points.some((p) => p.tcp)) return null;
  const seen = new Set<number>();
  for (const p of points) for (const pid of Object.keys(p.perPid)) seen.add(Number(pid));
  const pids = seen.size <= maxLines ? [...seen].sort((a, b) => a - b) : [];
  let peakEstablished = 0;
  const rows = points.map((p) => {
    peakEstablished = Math.max(peakEstablished, p.established);
    const row: ConnRow = { t: (p.ts - startedAt) / 1000, established: p.established, listen: p.listen } as ConnRow;
    for (const pid of pids) row[`p${pid}`] = p.perPid[pid] ?? 0;
    return row;
  });
  return { rows, pids, peakEstablished };
}

/** One process's part of the port list. */
export interface PortGroup {
  pid: number;
  /** Its TCP sockets by state, in a stable order: LISTEN, ESTABLISHED, then the rest by name. */
  states: Array<[string, number]>;
  sockets: RunSocket[];
  /** Sockets it holds beyond the listed ones. */
  more: number;
}

const STATE_ORDER = ['LISTEN', 'ESTABLISHED'];
const stateRank = (s: string): number => {
  const i = STATE_ORDER.indexOf(s);
  return i < 0 ? STATE_ORDER.length : i;
};

/**
 * The port list of one reading: the processes that hold a listening socket first (the server),
 * then by pid; at most `maxProcs` of them (a process-per-connection server has one per client),
 * the rest counted in `moreProcs`.
 */
export function portGroups(reading: RunNetEvent | null, maxProcs = 16): { groups: PortGroup[]; moreProcs: number } {
  if (!reading) return { groups: [], moreProcs: 0 };
  const all = reading.procs
    .filter((p) => p.sockets.length > 0)
    .map((p) => ({
      pid: p.pid,
      states: Object.entries(p.tcp).sort(([a], [b]) => stateRank(a) - stateRank(b) || a.localeCompare(b)),
      sockets: p.sockets,
      more: p.more,
      listens: (p.tcp['LISTEN'] ?? 0) > 0,
    }))
    .sort((a, b) => Number(b.listens) - Number(a.listens) || a.pid - b.pid);
  return {
    groups: all.slice(0, maxProcs).map(({ listens: _l, ...g }) => g),
    moreProcs: Math.max(0, all.length - maxProcs),
  };
}
