import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { ThreadRow, WaitReason } from '../../../shared/model';
import { parseNetSockets, type NetSocket } from '../procfs/sockets';
import type { SyscallArch } from '../procfs/syscalls';
import { untimedLockWait } from '../watchdog/deadlock';
import type { GraphInput, GraphProc } from './wait-graph';

/** One process as the watchdog looked at it this tick (threads with wait reasons already read). */
export interface LookedProc {
  pid: number;
  startTime: number;
  ppid: number;
  name: string;
  runId: string | null;
  cpuTicks: number;
  threads: ThreadRow[];
}

/**
 * A wait the graph can follow, judged from the reason the tick already read. Only a process
 * whose every thread is in one is worth the graph's reads (fd table, syscall lines): the cost
 * rule of the watchdog (only threads already seen blocked) holds.
 */
export function graphWait(w: WaitReason | undefined): boolean {
  if (!w || w.source !== 'syscall' || w.timed) return false;
  if (w.kind === 'io') return w.fd === 'pipe' || w.fd === 'socket';
  return w.kind === 'child' || untimedLockWait(w);
}

export const graphCandidate = (p: LookedProc): boolean => p.threads.length > 0 && p.threads.every((t) => graphWait(t.wait));

/** Unix socket pairs from `ss -xH -a`: "u_str ESTAB 0 0 <local> <inode> <peer> <peer inode>". */
export function parseSsUnix(text: string): Record<number, number> {
  const out: Record<number, number> = {};
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const ino = Number(f[f.length - 3]);
    const peer = Number(f[f.length - 1]);
    if (Number.isInteger(ino) && ino > 0 && Number.isInteger(peer) && peer > 0) out[ino] = peer;
  }
  return out;
}

/** Loopback TCP: each side's peer is the socket whose local and remote endpoints are its own, swapped. */
export function tcpPeers(socks: NetSocket[]): Record<number, number> {
  const key = (a: { addr: string; port: number }, b: { addr: string; port: number }) => `${a.addr}:${a.port}>${b.addr}:${b.port}`;
  const byEnds = new Map<string, number>();
  for (const s of socks) if (s.state === 'ESTABLISHED' && s.inode > 0) byEnds.set(key(s.local, s.remote), s.inode);
  const out: Record<number, number> = {};
  for (const s of socks) {
    if (s.state !== 'ESTABLISHED' || s.inode <= 0) continue;
    const peer = byEnds.get(key(s.remote, s.local));
    if (peer !== undefined) out[s.inode] = peer;
  }
  return out;
}

const readText = (path: string): string | null => {
  try {
    return fs.readFileSync(path, 'latin1');
  } catch {
    return null;
  }
};

function readFds(pid: number): { fds: Record<number, string>; modes: Record<number, number> } {
  const fds: Record<number, string> = {};
  const modes: Record<number, number> = {};
  let names: string[] = [];
  try {
    names = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return { fds, modes };
  }
  for (const n of names) {
    try {
      const link = fs.readlinkSync(`/proc/${pid}/fd/${n}`);
      fds[Number(n)] = link;
      if (!link.startsWith('pipe:')) continue;
      const flags = /^flags:\s*([0-7]+)/m.exec(readText(`/proc/${pid}/fdinfo/${n}`) ?? '');
      if (flags) modes[Number(n)] = Number.parseInt(flags[1]!, 8) & 3;
    } catch {
      /* closed meanwhile */
    }
  }
  return { fds, modes };
}

/** "dev inode" of every shared file mapping, and the one holding each asked-for address. */
export function parseSharedMaps(text: string, words: string[]): { keys: string[]; at: Record<string, string> } {
  const keys = new Set<string>();
  const at: Record<string, string> = {};
  const addrs = words.map((w) => ({ w, a: BigInt(w) }));
  for (const line of text.split('\n')) {
    const f = line.split(/\s+/);
    if (f.length < 5 || f[1]?.[3] !== 's' || f[4] === '0') continue;
    const key = `${f[3]} ${f[4]}`;
    keys.add(key);
    const [lo, hi] = f[0]!.split('-').map((x) => BigInt(`0x${x}`));
    for (const { w, a } of addrs) if (lo !== undefined && hi !== undefined && a >= lo && a < hi) at[w] = key;
  }
  return { keys: [...keys], at };
}

/**
 * Gathers what the graph needs, from /proc (and `ss` for Unix socket peers, optional: without it
 * a Unix socket's wait is not followed). Returns null, having read nothing, when no looked-at
 * process has every thread in a wait the graph follows.
 */
export class WaitGraphReader {
  private unix: { at: number; peers: Record<number, number> } | null = null;
  private unixPending: Promise<void> | null = null;

  constructor(
    private readonly arch: SyscallArch | null,
    private readonly ssPath = 'ss',
  ) {}

  read(looks: LookedProc[], now: number): GraphInput | null {
    if (!this.arch) return null;
    const candidates = looks.filter(graphCandidate);
    if (!candidates.length) return null;
    // Processes of the candidates' runs hold the other ends too: a free one among them frees its waiters.
    const runs = new Set(candidates.map((c) => c.runId).filter((r) => r !== null));
    const included = looks.filter((l) => graphCandidate(l) || (l.runId !== null && runs.has(l.runId)));
    const procs: GraphProc[] = included.map((l) => {
      const isCandidate = graphCandidate(l);
      return {
        pid: l.pid,
        startTime: l.startTime,
        ppid: l.ppid,
        name: l.name,
        runId: l.runId,
        cpuTicks: l.cpuTicks,
        // A process not in a followed wait is free: no threads to read.
        threads: isCandidate
          ? l.threads.map((t) => ({ tid: t.tid, name: t.name, syscall: readText(`/proc/${l.pid}/task/${t.tid}/syscall`) }))
          : [],
        ...readFds(l.pid),
        sharedMaps: [],
        futexMaps: {},
      };
    });
    const sharedWords = new Map<number, string[]>();
    for (const c of candidates)
      for (const t of c.threads)
        if (t.wait?.shared && t.wait.word) sharedWords.set(c.pid, [...(sharedWords.get(c.pid) ?? []), t.wait.word]);
    if (sharedWords.size)
      for (const p of procs) {
        const m = parseSharedMaps(readText(`/proc/${p.pid}/maps`) ?? '', sharedWords.get(p.pid) ?? []);
        p.sharedMaps = m.keys;
        p.futexMaps = m.at;
      }
    let peers: Record<number, number> = {};
    const onSocket = candidates.filter((c) => c.threads.some((t) => t.wait?.fd === 'socket'));
    if (onSocket.length) {
      const pid = onSocket[0]!.pid;
      const tcp = ['tcp', 'tcp6'].flatMap((proto) => parseNetSockets(readText(`/proc/${pid}/net/${proto}`) ?? '', proto as 'tcp' | 'tcp6'));
      peers = { ...this.unixPeers(now), ...tcpPeers(tcp) };
    }
    return { arch: this.arch, procs, peers };
  }

  /**
   * Unix peers from the last `ss -xH -a` (run in the background, at most every 2 s): the graph
   * needs a wait held for seconds anyway, so an answer one tick late costs nothing.
   */
  private unixPeers(now: number): Record<number, number> {
    if ((!this.unix || now - this.unix.at > 2000) && !this.unixPending) {
      this.unixPending = new Promise((resolve) => {
        execFile(this.ssPath, ['-xH', '-a'], { timeout: 2000, maxBuffer: 8 << 20 }, (err, stdout) => {
          this.unix = { at: Date.now(), peers: err ? {} : parseSsUnix(stdout) };
          this.unixPending = null;
          resolve();
        });
      });
    }
    return this.unix?.peers ?? {};
  }

  /** For tests: the background `ss` call in flight, if any. */
  settled(): Promise<void> {
    return this.unixPending ?? Promise.resolve();
  }
}
