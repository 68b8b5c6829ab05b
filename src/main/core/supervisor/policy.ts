import type { ErrorCode } from '../../../shared/errors';
import { say, type EngineTextCode } from '../../../shared/engine-texts';
import type { I18nText } from '../../../shared/model';

export interface PolicyInput {
  pid: number;
  /** The engine's own process. */
  selfPid: number;
  /** Every ancestor of selfPid (its parent, grandparent … up to 1). */
  ancestors: ReadonlySet<number>;
  /** True when the process belongs to one of the app's runs. */
  owned: boolean;
  confirm?: boolean;
}

type Refusal = {
  ok: false;
  code: Extract<ErrorCode, 'refused' | 'confirm-required'>;
  /** Which rule refused, so another action under the same rule can word it its own way. */
  rule: EngineTextCode;
  message: string;
  text: I18nText;
};
export type PolicyDecision = { ok: true } | Refusal;

function refuse(code: Refusal['code'], rule: EngineTextCode, pid: number): Refusal {
  const text = say(rule, { pid });
  return { ok: false, code, rule, message: text.en, text };
}

/** What the policy needs to know of the process a pid names now, read right before acting. */
export interface TargetIdentity {
  startTime: number;
  kernelThread: boolean;
  /** Another running ProcLab host (listed in the machine-wide registry). */
  proclabHost: boolean;
  zombie: boolean;
}

export interface ActionPolicyInput extends PolicyInput {
  /** The start time the caller saw (PID-reuse guard); undefined when it did not say. */
  expectedStartTime?: number;
  /** A fresh read of the process the pid names now; null when there is none. */
  current: TargetIdentity | null;
}

/**
 * The one policy for every action ProcLab takes on a process: a user's signal, renice and
 * affinity, and the ending of a dead instance's leftovers at start-up. In order: the hard
 * refusals (init, ProcLab, its ancestors), identity (gone, reused pid), the protected
 * processes (kernel threads, another ProcLab host), then ownership or confirmation, then a
 * zombie (nothing left to act on). Leftover cleanup never confirms: only processes verified as
 * the dead instance's (`owned`) pass.
 */
export function checkActionPolicy(i: ActionPolicyInput): PolicyDecision {
  const hard = checkSignalPolicy({ ...i, owned: true });
  if (!hard.ok) return hard;
  const id = checkIdentity(i.pid, i.expectedStartTime, i.current ? i.current.startTime : null);
  if (id) return id;
  const cur = i.current as TargetIdentity;
  const prot = checkProtected({ pid: i.pid, kernelThread: cur.kernelThread, proclabHost: cur.proclabHost });
  if (prot) return prot;
  const policy = checkSignalPolicy(i);
  if (!policy.ok) return policy;
  if (cur.zombie) return refuse('refused', 'refuse.zombie', i.pid);
  return { ok: true };
}

/**
 * Who may be signalled. Ending init, ProcLab itself or the shell/launcher it runs under would take
 * the user's session down with it, so those are refused whatever the flags say. The app's own runs
 * are fair game; anything else needs an explicit confirmation. No view setting enters here: each
 * client has its own view, and what one client shows must not change what another may signal.
 */
export function checkSignalPolicy(i: PolicyInput): PolicyDecision {
  const pid = i.pid;
  if (pid <= 1) return refuse('refused', 'refuse.init', pid);
  if (pid === i.selfPid) return refuse('refused', 'refuse.self', pid);
  if (i.ancestors.has(pid)) return refuse('refused', 'refuse.ancestor', pid);
  if (i.owned) return { ok: true };
  if (i.confirm !== true) return refuse('confirm-required', 'refuse.not-ours-confirm', pid);
  return { ok: true };
}

/**
 * Refusals that need the process's identity: a kernel thread ignores the signal (reporting it
 * "sent" would be a lie), and another ProcLab host is refused like this one, since ending it
 * ends its runs without their records.
 */
export function checkProtected(i: { pid: number; kernelThread: boolean; proclabHost: boolean }): PolicyDecision | null {
  if (i.kernelThread) return refuse('refused', 'refuse.kernel-thread', i.pid);
  if (i.proclabHost) return refuse('refused', 'refuse.other-proclab', i.pid);
  return null;
}

/**
 * Identity check before any signal: the pid must still name the process the caller saw.
 * `current` is a fresh read of the pid's start time (null if no process has that pid now).
 */
export function checkIdentity(pid: number, expectedStartTime: number | undefined, current: number | null): PolicyDecision | null {
  if (current === null) return refuse('refused', 'refuse.gone', pid);
  if (expectedStartTime !== undefined && expectedStartTime !== current) return refuse('refused', 'refuse.reused', pid);
  return null;
}
