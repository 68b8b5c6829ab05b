import { RUN_SOCKETS_LISTED, type RunSocket } from '../../../shared/model';
import { parseNetSockets, readFds, readText, type NetSocket } from '../procfs';

const fmt = (addr: string, port: number): string => (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);

/**
 * Joins each process's socket inodes with the machine's TCP tables. Pure, so the join, the
 * order and the leaving-out of UDP/unix sockets are tested without a live server.
 */
export function joinRunSockets(inodesByPid: ReadonlyMap<number, readonly number[]>, table: readonly NetSocket[]): Map<number, RunSocket[]> {
  const byInode = new Map<number, NetSocket>();
  for (const s of table) if (s.inode && s.proto.startsWith('tcp')) byInode.set(s.inode, s);
  const out = new Map<number, RunSocket[]>();
  for (const [pid, inodes] of inodesByPid) {
    const list: RunSocket[] = [];
    for (const inode of inodes) {
      const s = byInode.get(inode);
      if (!s) continue; // unix, UDP, netlink … or another network namespace
      list.push({
        proto: s.proto as RunSocket['proto'],
        local: fmt(s.local.addr, s.local.port),
        remote: fmt(s.remote.addr, s.remote.port),
        localPort: s.local.port,
        remotePort: s.state === 'LISTEN' ? 0 : s.remote.port,
        state: s.state,
      });
    }
    // Listening sockets first (the server's port), then by port: a stable list to read and to cut at 50.
    list.sort(
      (a, b) => Number(b.state === 'LISTEN') - Number(a.state === 'LISTEN') || a.localPort - b.localPort || a.remotePort - b.remotePort,
    );
    if (list.length) out.set(pid, list);
  }
  return out;
}

/** A process's TCP sockets counted by state ({ LISTEN: 1, ESTABLISHED: 8 }): what run samples journal. */
export function tcpCounts(sockets: readonly RunSocket[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of sockets) counts[s.state] = (counts[s.state] ?? 0) + 1;
  return counts;
}

/** The bounded list a `run-net` event carries for one process. */
export function listed(sockets: readonly RunSocket[], max = RUN_SOCKETS_LISTED): { sockets: RunSocket[]; more: number } {
  return { sockets: sockets.slice(0, max), more: Math.max(0, sockets.length - max) };
}

/**
 * The TCP sockets of the run's processes: their /proc/<pid>/fd socket inodes joined with
 * /proc/net/tcp{,6}. When none of them holds a socket descriptor (most runs), the machine's
 * tables are not read at all; `ss` is never run (run samples need states, not byte counters).
 */
export function readRunSockets(pids: readonly number[]): Map<number, RunSocket[]> {
  const inodes = new Map<number, number[]>();
  for (const pid of pids) {
    const fds = readFds(pid);
    const mine = fds ? fds.filter((f) => f.kind === 'socket' && f.inode !== null).map((f) => f.inode as number) : [];
    if (mine.length) inodes.set(pid, mine);
  }
  if (!inodes.size) return new Map();
  const table: NetSocket[] = [];
  for (const proto of ['tcp', 'tcp6'] as const) {
    const text = readText(`/proc/net/${proto}`);
    if (text) table.push(...parseNetSockets(text, proto));
  }
  return joinRunSockets(inodes, table);
}

/**
 * Run ticks come every 250 ms; the sockets are read at most every RUN_NET_MS, and the reading is
 * reused in between (a connection held for a second is still seen at least once).
 */
export const RUN_NET_MS = 500;

export class RunSocketSampler {
  private at = -Infinity;
  private last = new Map<number, RunSocket[]>();

  /** The current reading, and whether it was taken now (the engine emits `run-net` only then). */
  get(pids: readonly number[], now: number): { sockets: Map<number, RunSocket[]>; fresh: boolean } {
    if (!pids.length) {
      this.last = new Map();
      return { sockets: this.last, fresh: false };
    }
    if (now - this.at < RUN_NET_MS) return { sockets: this.last, fresh: false };
    this.last = readRunSockets(pids);
    this.at = now;
    return { sockets: this.last, fresh: true };
  }
}
