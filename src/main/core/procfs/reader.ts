import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parsePasswd } from './passwd';
import { hiddenThreadCount, isHiddenThread } from './hidden-threads';
import { parseStat, parseStatBytes, type StatFields } from './stat';

/** System constants read once at startup (one getconf call each, never on the tick). */
export interface ProcConstants {
  clkTck: number;
  pageSize: number;
  /** Boot time, epoch ms, to turn start times (ticks after boot) into dates. */
  bootMs: number;
}

function getconf(name: string, fallback: number): number {
  try {
    const v = Number(execFileSync('getconf', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isFinite(v) && v > 0 ? v : fallback;
  } catch {
    return fallback;
  }
}

let constants: ProcConstants | null = null;
export function procConstants(): ProcConstants {
  if (constants) return constants;
  let bootMs = Date.now() - os.uptime() * 1000;
  try {
    const m = /^btime (\d+)/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
    if (m) bootMs = Number(m[1]) * 1000;
  } catch {
    /* not Linux: start times are not ticks there anyway */
  }
  constants = { clkTck: getconf('CLK_TCK', 100), pageSize: getconf('PAGESIZE', 4096), bootMs };
  return constants;
}

export const hasProcfs = (): boolean => process.platform === 'linux' && fs.existsSync('/proc/self/stat');

// One shared buffer: a stat line is < 1 KiB; 4 KiB leaves room for a long comm of a thread.
const buf = Buffer.alloc(4096);

/**
 * Reads stat files through descriptors kept open between ticks and re-read from offset 0.
 * DESIGN.md measured this ~3× cheaper than open/read/close. A kept descriptor also pins the
 * identity: once its process is gone the read fails with ESRCH even if the pid number is reused,
 * so a tick can never confuse a new process with an old one.
 */
export class StatReader {
  private fds = new Map<string, number>();
  /** statm descriptors of processes, keyed like `fds` by the process's path ("1234"). */
  private statm = new Map<string, number>();

  /** path like "1234" or "1234/task/1240"; null when the task is gone (the descriptor is closed). */
  read(path: string): StatFields | null {
    let fd = this.fds.get(path);
    if (fd === undefined) {
      try {
        fd = fs.openSync(`/proc/${path}/stat`, 'r');
      } catch {
        return null;
      }
      this.fds.set(path, fd);
    }
    try {
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      const parsed = parseStatBytes(buf, n);
      if (!parsed) this.close(path);
      else if (!path.includes('/')) withoutHidden(Number(path), parsed);
      return parsed;
    } catch {
      this.close(path);
      return null;
    }
  }

  /**
   * Resident pages from /proc/<pid>/statm, as ps and top show RSS: this kernel sums the per-CPU
   * counters for statm (and status) but gives stat's rss field the quick, approximate read, which
   * sits several percent below. null when unreadable (the caller keeps stat's figure).
   */
  residentPages(pid: number): number | null {
    const path = String(pid);
    let fd = this.statm.get(path);
    if (fd === undefined) {
      try {
        fd = fs.openSync(`/proc/${path}/statm`, 'r');
      } catch {
        return null;
      }
      this.statm.set(path, fd);
    }
    try {
      return parseStatmResident(buf, fs.readSync(fd, buf, 0, buf.length, 0));
    } catch {
      this.closeStatm(path);
      return null;
    }
  }

  has(path: string): boolean {
    return this.fds.has(path);
  }

  close(path: string): void {
    const fd = this.fds.get(path);
    if (fd === undefined) return;
    this.fds.delete(path);
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
  }

  private closeStatm(path: string): void {
    const fd = this.statm.get(path);
    if (fd === undefined) return;
    this.statm.delete(path);
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
  }

  /** Closes every descriptor whose path is not kept (processes no longer watched). */
  retain(keep: (path: string) => boolean): void {
    for (const p of [...this.fds.keys()]) if (!keep(p)) this.close(p);
    for (const p of [...this.statm.keys()]) if (!keep(p) || !this.fds.has(p)) this.closeStatm(p);
  }

  closeAll(): void {
    this.retain(() => false);
  }

  get size(): number {
    return this.fds.size;
  }
}

/** A process's thread count without the threads ProcLab put into it (the bootstrap's listener). */
function withoutHidden(pid: number, st: StatFields): void {
  const n = hiddenThreadCount(pid);
  if (n) st.numThreads = Math.max(1, st.numThreads - n);
}

/** The second field of a statm text ("size resident shared text lib data dt", in pages); null if malformed. */
export function parseStatmResident(b: Buffer, n: number): number | null {
  let i = 0;
  while (i < n && b[i] !== 32) i++;
  let v = 0;
  let digits = 0;
  for (i++; i < n && b[i]! >= 48 && b[i]! <= 57; i++, digits++) v = v * 10 + b[i]! - 48;
  return digits && (i === n || b[i] === 32 || b[i] === 10) ? v : null;
}

/** A one-off fresh read (no kept fd): used to re-check identity right before a signal. */
export function readStatOnce(pid: number): StatFields | null {
  try {
    const st = parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
    if (st) withoutHidden(pid, st);
    return st;
  } catch {
    return null;
  }
}

/** Numeric entries of /proc: every pid on the machine (threads are not listed here). */
export function listPids(): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) out.push(Number(name));
  }
  return out;
}

/** Every thread of the process, ProcLab's own listener included (renice and affinity act on all of them). */
export function listAllTids(pid: number): number[] {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

export function listTids(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .filter((tid) => !isHiddenThread(pid, tid));
  } catch {
    return [];
  }
}

/** Full command line (NUL-separated in procfs), or '' for kernel threads and vanished processes. */
export function readCmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Owner uid of a process: the owner of its /proc directory (no text parsing needed). */
export function readUid(pid: number): number | null {
  try {
    return fs.statSync(`/proc/${pid}`).uid;
  } catch {
    return null;
  }
}

/** Voluntary + involuntary context switches from /proc/<pid>/status, or null. */
export function readCtxSwitches(pid: number): number | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
    const v = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(text);
    const nv = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(text);
    return v && nv ? Number(v[1]) + Number(nv[1]) : null;
  } catch {
    return null;
  }
}

/** Proportional set size (shared pages split between their users), /proc/<pid>/smaps_rollup; null where absent. */
export function readPssBytes(pid: number): number | null {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The environment a process started with (/proc/<pid>/environ), as NAME=value strings; null if unreadable. */
export function readEnviron(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

let users: Map<number, string> | null = null;
export function userName(uid: number | null): string | null {
  if (uid === null) return null;
  if (!users) {
    try {
      users = parsePasswd(fs.readFileSync('/etc/passwd', 'utf8'));
    } catch {
      users = new Map();
    }
  }
  return users.get(uid) ?? String(uid);
}

export function readText(path: string): string | null {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
