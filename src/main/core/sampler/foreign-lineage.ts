import type { StatFields } from '../procfs';
import { procKey } from '../../../shared/proc-key';

/**
 * Parents whose detached children are services. A detached session leader elsewhere (a terminal's
 * job started with setsid, an IDE's helper, a browser's zygote) is not what a user calls a daemon.
 */
const SERVICE_MANAGERS = new Set([
  'systemd',
  'init',
  'launchd',
  'runsv',
  'runsvdir',
  's6-supervise',
  'supervisord',
  'tini',
  'dumb-init',
  'containerd-shim',
  'containerd-shim-runc-v2',
]);

/**
 * A daemon as a user means it: its own session leader with no controlling terminal, started
 * by init (PID 1) or a service manager. Kernel threads (session 0) never match.
 */
export function isServiceDaemon(st: Pick<StatFields, 'pid' | 'ppid' | 'session' | 'ttyNr'>, parentComm: string | undefined): boolean {
  if (st.pid <= 1 || st.session !== st.pid || st.ttyNr !== 0) return false;
  return st.ppid === 1 || (parentComm !== undefined && SERVICE_MANAGERS.has(parentComm));
}

/**
 * Orphans outside the runs: only knowable by seeing a process's parent change, so this
 * remembers each (pid, start time)'s ppid from the first look on. A process first seen under
 * PID 1 is not an orphan: nothing says its parent was ever another one.
 */
export class ReparentWatch {
  private readonly seen = new Map<string, { ppid: number; orphan: boolean }>();

  /** True once the process's ppid has changed since ProcLab first saw it (sticky). */
  see(pid: number, startTime: number, ppid: number): boolean {
    const key = procKey(pid, startTime);
    const was = this.seen.get(key);
    if (!was) {
      this.seen.set(key, { ppid, orphan: false });
      return false;
    }
    if (was.ppid !== ppid) {
      was.ppid = ppid;
      was.orphan = true;
    }
    return was.orphan;
  }

  /** Forgets the processes not in `alive` ("pid:startTime"). */
  retain(alive: ReadonlySet<string>): void {
    for (const k of this.seen.keys()) if (!alive.has(k)) this.seen.delete(k);
  }
}
