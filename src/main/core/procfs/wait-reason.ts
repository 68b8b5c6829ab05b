import type { FdKind, WaitReason } from '../../../shared/model';
import { syscallName, type SyscallArch } from './syscalls';
import { stateFromChar } from '../../../shared/proc-state';

/**
 * Why a thread is not running, from what procfs shows of it. Pure: the reader passes the texts
 * of /proc/<pid>/task/<tid>/{syscall,wchan,schedstat} and a lookup of its fd links, so every rule
 * is testable on fixtures.
 *
 * The kernel's R covers both on a core and queued for one. The reader tells them apart with
 * schedstat (time on a core vs time waiting in the run queue since the last look, see
 * `queuedMoreThanRan`); without it, a thread in R is "running" if it used at least half a core
 * over the last interval, else "runnable".
 */
export const RUNNING_MIN_CPU = 50;

/** /proc/…/schedstat: "ns on cpu, ns waiting on a runqueue, timeslices"; null if unreadable. */
export function parseSchedstat(text: string): { runNs: number; waitNs: number } | null {
  const [run, wait] = text.trim().split(' ');
  const runNs = Number(run);
  const waitNs = Number(wait);
  return Number.isFinite(runNs) && Number.isFinite(waitNs) && run !== '' ? { runNs, waitNs } : null;
}

/** Between two schedstat readings, did the thread spend more time queued for a core than on one? */
export function queuedMoreThanRan(prev: { runNs: number; waitNs: number }, cur: { runNs: number; waitNs: number }): boolean {
  return cur.waitNs - prev.waitNs > cur.runNs - prev.runNs;
}

/** A reason from the state letter alone, or null when the thread is blocked and the call decides. */
export function classifyState(stateChar: string, cpu: number): WaitReason | null {
  switch (stateFromChar(stateChar)) {
    case 'running':
      return { kind: cpu >= RUNNING_MIN_CPU ? 'running' : 'runnable', source: 'state' };
    case 'stopped':
      return { kind: 'stopped', source: 'state' };
    case 'zombie':
    case 'dead':
      return { kind: 'zombie', source: 'state' };
    case 'disk-wait':
      return { kind: 'disk', source: 'state' };
    default:
      return null;
  }
}

export function fdKindOf(link: string | null): FdKind {
  if (!link) return 'other';
  if (link.startsWith('socket:')) return 'socket';
  if (link.startsWith('pipe:')) return 'pipe';
  if (link.startsWith('anon_inode:')) return 'anon';
  if (/^\/dev\/(pts\/|tty|console)/.test(link)) return 'tty';
  if (link.startsWith('/')) return 'file';
  return 'other';
}

// Futex commands that put the caller to sleep (linux/futex.h), after masking PRIVATE and CLOCK_REALTIME.
const FUTEX_WAIT = 0;
const FUTEX_LOCK_PI = 6;
const FUTEX_WAIT_BITSET = 9;
const FUTEX_WAIT_REQUEUE_PI = 11;
const FUTEX_LOCK_PI2 = 13;
const FUTEX_SLEEPS = new Set([FUTEX_WAIT, FUTEX_LOCK_PI, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI, FUTEX_LOCK_PI2]);
const FUTEX_PRIVATE = 128;
const FUTEX_CMD_MASK = ~(FUTEX_PRIVATE | 256);
// fcntl commands that wait for a record lock.
const F_SETLKW = 7;
const F_OFD_SETLKW = 38;

const IO_CALLS = new Set([
  'read',
  'write',
  'readv',
  'writev',
  'pread64',
  'pwrite64',
  'preadv',
  'recvfrom',
  'recvmsg',
  'recvmmsg',
  'sendto',
  'sendmsg',
  'accept',
  'accept4',
  'connect',
]);
const POLL_CALLS = new Set(['poll', 'ppoll', 'select', 'pselect6', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2']);

/** A /proc/…/syscall line: "nr a1 … a6 sp pc", "-1 sp pc" (blocked outside a call) or "running". */
export interface SyscallLine {
  nr: number;
  /** Arguments as hex strings without "0x" (64-bit values do not fit a JS number exactly). */
  args: string[];
}

const HEX = /^(0x)?[0-9a-f]+$/i;

export function parseSyscallLine(text: string): SyscallLine | 'running' | null {
  const t = text.trim();
  if (t === 'running') return 'running';
  // Runs for every blocked thread on every tick: one split, one regex per argument, no more.
  const parts = t.split(' ', 9);
  if (parts.length < 7) return null;
  // A kernel thread never entered a call from user space: its line is all zeros, stack and
  // program counter too (a user thread's are never 0). Its "0" is not read(2).
  if (parts.length === 9 && isZero(parts[7]?.replace(/^0x/i, '')) && isZero(parts[8]?.replace(/^0x/i, ''))) return null;
  const nr = Number(parts[0]);
  if (!Number.isInteger(nr) || nr < 0) return null;
  const args: string[] = [];
  for (let i = 1; i < 7; i++) {
    const a = parts[i]!;
    if (!HEX.test(a)) return null;
    args.push((a.charCodeAt(1) === 120 || a.charCodeAt(1) === 88 ? a.slice(2) : a).toLowerCase());
  }
  return { nr, args };
}

const argNum = (hex: string | undefined): number => (hex ? Number.parseInt(hex.slice(-8), 16) : NaN);
const isZero = (hex: string | undefined): boolean => !hex || /^0+$/.test(hex);

/**
 * From the syscall file. Returns null when it says nothing (not inside a call, unreadable
 * format): the caller then asks wchan. `fdLink(n)` reads /proc/<pid>/fd/<n>.
 */
export function classifySyscall(text: string, arch: SyscallArch, fdLink: (fd: number) => string | null): WaitReason | null {
  const line = parseSyscallLine(text);
  if (line === null) return null;
  if (line === 'running') return { kind: 'running', source: 'syscall' };
  const name = syscallName(arch, line.nr);
  const r = (kind: WaitReason['kind'], extra: Partial<WaitReason> = {}): WaitReason => ({
    kind,
    source: 'syscall',
    call: name ?? `syscall ${line.nr}`,
    ...extra,
  });
  if (!name) return r('other');
  if (IO_CALLS.has(name)) {
    const fd = argNum(line.args[0]);
    return r('io', { fd: Number.isInteger(fd) && fd >= 0 ? fdKindOf(fdLink(fd)) : 'other' });
  }
  if (POLL_CALLS.has(name)) return r('poll');
  switch (name) {
    case 'nanosleep':
    case 'clock_nanosleep':
      return r('sleep');
    case 'restart_syscall':
      // A timed wait resumed after a signal (a sleep continued after SIGSTOP/SIGCONT). The line
      // no longer says which call, nor do wchan and the kernel stack (do_syscall_64); only timed
      // waits restart this way (nanosleep, a timed futex or poll), and a sleep is by far the most
      // common: call it one, timed. The reader keeps the earlier reason when it saw the call.
      return r('sleep', { timed: true });
    case 'futex': {
      const op = argNum(line.args[1]);
      const cmd = op & FUTEX_CMD_MASK;
      if (!FUTEX_SLEEPS.has(cmd)) return r('other');
      const shared = (op & FUTEX_PRIVATE) === 0;
      return r('lock', { word: `0x${line.args[0]!.replace(/^0+(?=.)/, '')}`, timed: !isZero(line.args[3]), ...(shared && { shared }) });
    }
    case 'futex_waitv':
      return r('lock', { timed: !isZero(line.args[3]) });
    case 'semop':
      return r('lock', { timed: false });
    case 'semtimedop':
      return r('lock', { timed: !isZero(line.args[3]) });
    case 'flock':
      return r('lock', { timed: false });
    case 'fcntl': {
      const cmd = argNum(line.args[1]);
      return cmd === F_SETLKW || cmd === F_OFD_SETLKW ? r('lock', { timed: false }) : r('other');
    }
    case 'wait4':
    case 'waitid':
      return r('child');
    case 'msgrcv':
      return r('io', { fd: 'other' });
    default:
      return r('other');
  }
}

/**
 * From wchan, the kernel function the thread sleeps in (no arguments: no timeout, no lock word,
 * so a timed futex wait reads as a plain lock wait here). Names differ between kernel versions,
 * hence patterns rather than a table.
 */
export function classifyWchan(wchan: string | null): WaitReason {
  const w = (wchan ?? '').trim();
  const r = (kind: WaitReason['kind'], extra: Partial<WaitReason> = {}): WaitReason => ({ kind, source: 'wchan', call: w, ...extra });
  if (!w || w === '0') return { kind: 'other', source: 'wchan' };
  if (/futex/.test(w)) return r('lock');
  if (/nanosleep/.test(w)) return r('sleep');
  if (/^(do_wait|kernel_wait|do_waitid)/.test(w)) return r('child');
  if (/select|poll|epoll/.test(w)) return r('poll');
  if (/pipe/.test(w)) return r('io', { fd: 'pipe' });
  if (/^(unix_|sk_wait|inet_|tcp_|udp_|sock_|skb_|__skb_)/.test(w)) return r('io', { fd: 'socket' });
  if (/tty/.test(w)) return r('io', { fd: 'tty' });
  if (/^wait_woken/.test(w)) return r('io', { fd: 'other' });
  return r('other');
}
