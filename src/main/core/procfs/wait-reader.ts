import fs from 'node:fs';
import type { SchedShares, WaitReason } from '../../../shared/model';
import { hostSyscallArch, type SyscallArch } from './syscalls';
import { classifyState, classifySyscall, classifyWchan } from './wait-reason';
import { KeptFds } from './kept-fds';

const buf = Buffer.alloc(512);
const refused = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM';
};

/**
 * One thread's kept descriptors and its last answer. The files are re-read from offset 0 like
 * the stat reader does (the bench measured open+read+close at about two thirds of the cost),
 * and a text equal to the last one gives the last reason again without parsing it.
 */
interface Entry {
  fd: number;
  kind: 'syscall' | 'wchan';
  text: string;
  reason: WaitReason;
  /** retain() generation of its last read: threads that ended (or stopped being read) are let go. */
  gen: number;
}

/**
 * Reads wait reasons of blocked threads. /proc/…/syscall needs ptrace access to the process
 * (root, or with Yama's ptrace_scope=1 only descendants — ProcLab's own runs); where it is
 * refused, the pid is remembered and wchan (readable by anyone for their own processes) is used
 * from then on.
 */
export class WaitReader {
  private readonly arch: SyscallArch | null;
  private denied = new Set<number>();
  private readonly kept = new KeptFds<Entry>();

  constructor(arch: SyscallArch | null = hostSyscallArch()) {
    this.arch = arch;
  }

  read(pid: number, tid: number, stateChar: string, cpu: number, shares: SchedShares | null = null): WaitReason {
    if (stateChar === 'R') return this.running(cpu, shares);
    const fromState = classifyState(stateChar, cpu);
    if (fromState) return fromState;
    const perPid = this.kept.of(pid);
    const entry = perPid.get(tid);
    const useSyscall = this.arch !== null && !this.denied.has(pid);
    if (entry && (entry.kind === 'syscall') === useSyscall) {
      entry.gen = this.kept.generation;
      const text = this.reread(entry.fd);
      if (text !== null) {
        if (text === entry.text) return entry.reason;
        const r = this.resumed(entry.reason, this.classify(pid, entry.kind, text));
        if (r) {
          entry.text = text;
          entry.reason = r;
          return r;
        }
        // Not inside a call: this once, ask wchan (below) without giving up the kept syscall file.
        return classifyWchan(this.readOnce(`/proc/${pid}/task/${tid}/wchan`));
      }
      this.kept.drop(perPid, tid);
    } else if (entry) this.kept.drop(perPid, tid);
    return this.open(pid, tid, perPid, useSyscall);
  }

  /**
   * A thread in R: on a core or queued for one. With the shares the kernel counted since the
   * last reading (schedstat), whichever took more of the interval; without them (first reading,
   * no schedstat) by its CPU.
   */
  private running(cpu: number, shares: SchedShares | null): WaitReason {
    if (!shares) return classifyState('R', cpu)!;
    return { kind: shares.runnable > shares.running ? 'runnable' : 'running', source: 'state' };
  }

  private open(pid: number, tid: number, perPid: Map<number, Entry>, useSyscall: boolean): WaitReason {
    const base = `/proc/${pid}/task/${tid}`;
    if (useSyscall) {
      try {
        const fd = fs.openSync(`${base}/syscall`, 'r');
        const text = this.reread(fd, true);
        const r = text === null ? null : this.classify(pid, 'syscall', text);
        if (text !== null && r) {
          perPid.set(tid, { fd, kind: 'syscall', text, reason: r, gen: this.kept.generation });
          return r;
        }
        fs.closeSync(fd);
      } catch (e) {
        if (refused(e)) {
          if (this.denied.size > 4096) this.denied.clear();
          this.denied.add(pid);
        }
      }
    }
    try {
      const fd = fs.openSync(`${base}/wchan`, 'r');
      const text = this.reread(fd);
      if (text === null) {
        fs.closeSync(fd);
        return classifyWchan(null);
      }
      const reason = classifyWchan(text);
      perPid.set(tid, { fd, kind: 'wchan', text, reason, gen: this.kept.generation });
      return reason;
    } catch {
      return classifyWchan(null);
    }
  }

  /** A call resumed after a signal (restart_syscall) is still the timed wait seen before it, when one was. */
  private resumed(before: WaitReason, now: WaitReason | null): WaitReason | null {
    return now?.call === 'restart_syscall' && before.timed && before.source === 'syscall' ? before : now;
  }

  private classify(pid: number, kind: Entry['kind'], text: string): WaitReason | null {
    if (kind === 'wchan') return classifyWchan(text);
    return classifySyscall(text, this.arch!, (fd) => readLink(`/proc/${pid}/fd/${fd}`));
  }

  /** The file's text, or null when the task is gone; a refusal throws only when asked to. */
  private reread(fd: number, throwRefusal = false): string | null {
    try {
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return buf.toString('latin1', 0, n);
    } catch (e) {
      if (throwRefusal && refused(e)) throw e;
      return null;
    }
  }

  private readOnce(path: string): string | null {
    try {
      const fd = fs.openSync(path, 'r');
      try {
        return this.reread(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return null;
    }
  }

  /**
   * Lets go of descriptors (and refusals) of pids no longer sampled, and of threads not read since
   * the last call (ended, or running: a running thread needs no file).
   */
  retain(keep: Set<number>): void {
    this.kept.retain(keep);
    for (const pid of this.denied) if (!keep.has(pid)) this.denied.delete(pid);
  }

  /** Open descriptors, for tests and the bench. */
  get openFiles(): number {
    return this.kept.openFiles;
  }

  close(): void {
    this.kept.close();
    this.denied.clear();
  }
}

function readLink(path: string): string | null {
  try {
    return fs.readlinkSync(path);
  } catch {
    return null;
  }
}
