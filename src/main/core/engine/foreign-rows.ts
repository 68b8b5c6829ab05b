import type { ProcRow } from '../../../shared/model';
import { procKey } from '../../../shared/proc-key';
import { isKernelThread, stateFromChar, type StatFields } from '../procfs';
import type { CpuTracker } from '../sampler/cpu-tracker';
import { isServiceDaemon, ReparentWatch } from '../sampler/foreign-lineage';
import type { ProcSource } from '../sampler/source';

/**
 * System scope's rows for the processes no run tracks. What never changes for a (pid, start
 * time) — command line, owner, start date — is read once; each tick costs the stat line the
 * discover stage already read plus the CPU delta.
 */
export class ForeignRows {
  private info = new Map<string, { cmd: string; user: string | null; startedAt: number }>();
  private readonly reparents = new ReparentWatch();

  constructor(
    private readonly source: ProcSource,
    private readonly cpu: CpuTracker,
  ) {}

  /** The scope changed: the next system tick reads every command line afresh. */
  forgetInfo(): void {
    this.info.clear();
  }

  /** Lets go of what was remembered of processes this tick did not see. */
  retain(seen: Set<string>): void {
    for (const k of this.info.keys()) if (!seen.has(k)) this.info.delete(k);
    this.reparents.retain(seen);
  }

  row(pid: number, st: StatFields, now: number, parentComm: string | undefined): ProcRow {
    const key = procKey(pid, st.startTime);
    let info = this.info.get(key);
    if (!info) {
      // Once per new process: cmdline and owner never change in a way a monitor must follow.
      info = {
        cmd: this.source.cmdline(pid) || `[${st.comm}]`,
        user: this.source.user(pid),
        startedAt: this.source.startedAtMs(st.startTime),
      };
      this.info.set(key, info);
    }
    return {
      pid,
      startTime: st.startTime,
      ppid: st.ppid,
      name: st.comm,
      cmd: info.cmd,
      user: info.user,
      state: stateFromChar(st.stateChar),
      orphan: this.reparents.see(pid, st.startTime, st.ppid),
      daemon: isServiceDaemon(st, parentComm),
      ...(isKernelThread(st) && { kernelThread: true }),
      exited: null,
      cpu: this.cpu.update(String(pid), st.startTime, st.utime + st.stime, now),
      rss: (this.source.reader?.residentPages(pid) ?? st.rssPages) * this.source.rssUnit,
      threads: st.numThreads,
      startedAt: info.startedAt,
      runId: null,
      cpuTimeMs: ((st.utime + st.stime) * 1000) / this.source.clkTck,
    };
  }
}
