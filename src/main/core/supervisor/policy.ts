import type { ErrorCode } from '../../../shared/errors';
import type { Scope } from '../../../shared/model';

export interface PolicyInput {
  pid: number;
  /** The engine's own process. */
  selfPid: number;
  /** Every ancestor of selfPid (its parent, grandparent … up to 1). */
  ancestors: ReadonlySet<number>;
  /** True when the process belongs to one of the app's runs. */
  owned: boolean;
  scope: Scope;
  confirm?: boolean;
}

export type PolicyDecision = { ok: true } | { ok: false; code: Extract<ErrorCode, 'refused' | 'confirm-required'>; message: string };

/**
 * Who may be signalled. Ending init, ProcLab itself or the shell/launcher it runs under would take
 * the user's session down with it, so those are refused whatever the flags say. The app's own runs
 * are fair game; anything else needs system scope and an explicit confirmation.
 */
export function checkSignalPolicy(i: PolicyInput): PolicyDecision {
  if (i.pid <= 1) return { ok: false, code: 'refused', message: `PID ${i.pid} is the system's init process; ProcLab never signals it.` };
  if (i.pid === i.selfPid) return { ok: false, code: 'refused', message: `PID ${i.pid} is ProcLab itself; use Quit instead.` };
  if (i.ancestors.has(i.pid))
    return {
      ok: false,
      code: 'refused',
      message: `PID ${i.pid} is a parent of ProcLab (the program that started it); signalling it would end ProcLab too.`,
    };
  if (i.owned) return { ok: true };
  if (i.scope !== 'system')
    return {
      ok: false,
      code: 'confirm-required',
      message: `PID ${i.pid} is not part of a ProcLab run. Switch to the system view and confirm to act on other programs.`,
    };
  if (i.confirm !== true)
    return {
      ok: false,
      code: 'confirm-required',
      message: `PID ${i.pid} is not part of a ProcLab run. Please confirm that you want to signal it.`,
    };
  return { ok: true };
}

/**
 * Identity check before any signal: the pid must still name the process the caller saw.
 * `current` is a fresh read of the pid's start time (null if no process has that pid now).
 */
export function checkIdentity(pid: number, expectedStartTime: number | undefined, current: number | null): PolicyDecision | null {
  if (current === null) return { ok: false, code: 'refused', message: `Process ${pid} is gone (it has exited); nothing was signalled.` };
  if (expectedStartTime !== undefined && expectedStartTime !== current)
    return {
      ok: false,
      code: 'refused',
      message: `PID ${pid} was reused: the process you selected has exited and the number now names a different process; nothing was signalled.`,
    };
  return null;
}
