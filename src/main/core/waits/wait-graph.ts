import type { WaitLink } from '../../../shared/model';
import { classifySyscall, parseSyscallLine } from '../procfs/wait-reason';
import type { SyscallArch } from '../procfs/syscalls';

/**
 * The wait-for graph across processes, from what /proc shows of blocked threads. Pure: the
 * reader (wait-graph-reader.ts) gathers the texts, so every rule is tested on fixtures.
 *
 * A thread blocked writing a pipe waits for the processes holding its read end, one reading
 * waits for the holders of the write end; on a socket, for the holders of its peer (a Unix
 * socket's peer inode, a loopback TCP connection's other side); in wait4/waitid for the
 * children it waits on; on a shared futex for the processes mapping the same file; on a private
 * futex for its own process. Any other wait (running, a timeout, poll, a descriptor whose other
 * end no looked-at process holds) may end on its own: its process is free.
 *
 * Several blocked threads of one process are an OR: any one woken may let the process go on. So
 * a process is deadlocked only when none of its threads waits for a free process; the free set
 * is grown to a fixed point and what is left is stuck for good (a knot, not merely a cycle).
 * A set is reported when it crosses processes, or when one process writes a pipe or socket
 * that only it reads (its private futexes alone are the per-process watchdog's).
 */

export interface GraphThread {
  tid: number;
  name: string;
  /** /proc/<pid>/task/<tid>/syscall, or null when unreadable (the thread then counts as free). */
  syscall: string | null;
}

export interface GraphProc {
  pid: number;
  startTime: number;
  ppid: number;
  name: string;
  runId: string | null;
  cpuTicks: number;
  threads: GraphThread[];
  /** fd number → /proc/<pid>/fd/<n> link ("pipe:[123]", "socket:[45]", a path). */
  fds: Record<number, string>;
  /** fd number → O_ACCMODE from fdinfo (0 read, 1 write, 2 both), for pipes. */
  modes: Record<number, number>;
  /** Shared file mappings: "dev inode" keys of /proc/<pid>/maps lines with an 's' and an inode. */
  sharedMaps: string[];
  /** The "dev inode" of the shared mapping holding each waited-on shared futex word (hex address → key). */
  futexMaps: Record<string, string>;
}

export interface GraphInput {
  arch: SyscallArch;
  procs: GraphProc[];
  /** Socket inode → its peer's inode (Unix pairs both ways, loopback TCP both ways). */
  peers: Record<number, number>;
}

/** One process stuck for good, with each of its threads' waits. */
export interface StuckProc {
  proc: GraphProc;
  links: WaitLink[];
}

const READS = new Set(['read', 'readv', 'pread64', 'preadv', 'recvfrom', 'recvmsg', 'recvmmsg', 'accept', 'accept4']);
const WRITES = new Set(['write', 'writev', 'pwrite64', 'sendto', 'sendmsg', 'connect']);

const inodeOf = (link: string | undefined, kind: 'pipe' | 'socket'): number | null => {
  const m = link ? new RegExp(`^${kind}:\\[(\\d+)\\]$`).exec(link) : null;
  return m ? Number(m[1]) : null;
};

/** A 64-bit syscall argument as a signed 32-bit int (pids, fds). */
const int32 = (hex: string | undefined): number => (hex ? Number.parseInt(hex.slice(-8), 16) | 0 : NaN);

/** What one thread waits for: pids (possibly its own), or null when it may go on by itself. */
export function threadLink(p: GraphProc, t: GraphThread, input: GraphInput): WaitLink | null {
  if (t.syscall === null) return null;
  const line = parseSyscallLine(t.syscall);
  if (line === null || line === 'running') return null;
  const w = classifySyscall(t.syscall, input.arch, (fd) => p.fds[fd] ?? null);
  if (!w || w.timed) return null;
  const base = { pid: p.pid, tid: t.tid, thread: t.name, call: w.call ?? '' };
  const holders = (want: (q: GraphProc, fd: number) => boolean): number[] =>
    input.procs.filter((q) => Object.keys(q.fds).some((fd) => want(q, Number(fd)))).map((q) => q.pid);
  if (w.kind === 'io' && (w.fd === 'pipe' || w.fd === 'socket')) {
    const fd = int32(line.args[0]);
    const target = p.fds[fd];
    const op = READS.has(w.call ?? '') ? 'read' : WRITES.has(w.call ?? '') ? 'write' : null;
    if (!op || !target) return null;
    let waitsFor: number[];
    if (w.fd === 'pipe') {
      // A reader waits for whoever may write (O_WRONLY or O_RDWR), a writer for whoever may read.
      const other = (m: number | undefined) => (op === 'read' ? m === 1 || m === 2 : m === 0 || m === 2);
      waitsFor = holders((q, n) => q.fds[n] === target && other(q.modes[n]));
    } else {
      const peer = input.peers[inodeOf(target, 'socket') ?? -1];
      if (peer === undefined) return null;
      waitsFor = holders((q, n) => q.fds[n] === `socket:[${peer}]`);
    }
    return waitsFor.length ? { ...base, op, fd, target, waitsFor } : null;
  }
  if (w.kind === 'child') {
    const children = input.procs.filter((q) => q.ppid === p.pid);
    let want: number | null = null;
    if (w.call === 'wait4') {
      const pid = int32(line.args[0]);
      if (pid > 0) want = pid;
    } else if (int32(line.args[0]) === 1) want = int32(line.args[1]); // waitid(P_PID, id, …)
    const waitsFor = children.filter((q) => want === null || q.pid === want).map((q) => q.pid);
    // A child not looked at (or none at all: the call would not block) may end on its own.
    if (!waitsFor.length || (want === null && children.length === 0)) return null;
    return { ...base, op: 'child', fd: null, target: null, waitsFor };
  }
  if (w.kind === 'lock' && w.call === 'futex' && w.word) {
    if (!w.shared) return { ...base, op: 'lock', fd: null, target: w.word, waitsFor: [p.pid] };
    const key = p.futexMaps[w.word];
    if (!key) return null;
    const waitsFor = input.procs.filter((q) => q.sharedMaps.includes(key)).map((q) => q.pid);
    return { ...base, op: 'lock', fd: null, target: w.word, waitsFor };
  }
  return null;
}

/**
 * The processes stuck for good: every thread waits for looked-at processes, and none of those
 * is free, to a fixed point. Grouped into connected sets that cross processes, or one process
 * writing what only it reads: one process stuck on its own locks is the per-process watchdog's
 * case, and one reading its own pipe or socketpair is left alone (a signal handler may write).
 */
export function stuckSets(input: GraphInput): StuckProc[][] {
  const links = new Map<number, WaitLink[] | null>();
  for (const p of input.procs) {
    const ls: WaitLink[] = [];
    let free = p.threads.length === 0;
    for (const t of p.threads) {
      const l = threadLink(p, t, input);
      if (!l) {
        free = true;
        break;
      }
      ls.push(l);
    }
    links.set(p.pid, free ? null : ls);
  }
  const free = new Set([...links].filter(([, l]) => l === null).map(([pid]) => pid));
  for (let changed = true; changed;) {
    changed = false;
    for (const [pid, ls] of links) {
      if (free.has(pid) || !ls!.some((l) => l.waitsFor.some((q) => free.has(q)))) continue;
      free.add(pid);
      changed = true;
    }
  }
  const stuck = input.procs.filter((p) => !free.has(p.pid));
  // Connected sets over the links between stuck processes.
  const seen = new Set<number>();
  const sets: StuckProc[][] = [];
  for (const p of stuck) {
    if (seen.has(p.pid)) continue;
    const group: StuckProc[] = [];
    const todo = [p.pid];
    seen.add(p.pid);
    while (todo.length) {
      const pid = todo.pop()!;
      const proc = stuck.find((q) => q.pid === pid)!;
      const ls = links.get(pid)!;
      group.push({ proc, links: ls });
      const near = new Set(ls.flatMap((l) => l.waitsFor));
      for (const q of stuck) if (q.pid !== pid && links.get(q.pid)!.some((l) => l.waitsFor.includes(pid))) near.add(q.pid);
      for (const q of near)
        if (!seen.has(q)) {
          seen.add(q);
          todo.push(q);
        }
    }
    // One process alone: a write to a pipe or socket only it reads cannot finish while all its
    // threads are blocked. A read is left alone (the self-pipe trick: a signal handler writes).
    const ownWrite = group.length === 1 && group[0]!.links.some((l) => l.op === 'write');
    if (group.length > 1 || ownWrite) sets.push(group.sort((a, b) => a.proc.pid - b.proc.pid));
  }
  return sets;
}
