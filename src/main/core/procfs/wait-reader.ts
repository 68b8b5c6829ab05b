import fs from 'node:fs';
import type { WaitReason } from '../../../shared/model';
import { hostSyscallArch, type SyscallArch } from './syscalls';
import { classifyState, classifySyscall, classifyWchan } from './wait-reason';

const buf = Buffer.alloc(512);

function readSmall(path: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw e;
    return null;
  }
  try {
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('latin1', 0, n);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw e;
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function readLink(path: string): string | null {
  try {
    return fs.readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * Reads wait reasons of blocked threads. /proc/…/syscall needs ptrace access to the process
 * (root, or with Yama's ptrace_scope=1 only descendants — ProcLab's own runs); where it is
 * refused, the pid is remembered and wchan (readable by anyone) is used from then on.
 */
export class WaitReader {
  private readonly arch: SyscallArch | null;
  /** pids whose syscall file was refused; kept small, a refusal is cheap to find again. */
  private denied = new Set<number>();

  constructor(arch: SyscallArch | null = hostSyscallArch()) {
    this.arch = arch;
  }

  read(pid: number, tid: number, stateChar: string, cpu: number): WaitReason {
    const fromState = classifyState(stateChar, cpu);
    if (fromState) return fromState;
    const base = `/proc/${pid}/task/${tid}`;
    if (this.arch && !this.denied.has(pid)) {
      try {
        const text = readSmall(`${base}/syscall`);
        if (text !== null) {
          const r = classifySyscall(text, this.arch, (fd) => readLink(`/proc/${pid}/fd/${fd}`));
          // "running" here means it woke between the stat read and this one, which is an answer too.
          if (r) return r;
        }
      } catch {
        if (this.denied.size > 4096) this.denied.clear();
        this.denied.add(pid);
      }
    }
    let wchan: string | null = null;
    try {
      wchan = readSmall(`${base}/wchan`);
    } catch {
      /* unreadable: the reason stays "other" */
    }
    return classifyWchan(wchan);
  }

  forget(pid: number): void {
    this.denied.delete(pid);
  }
}
