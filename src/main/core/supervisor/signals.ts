import os from 'node:os';
import type { SignalAction } from '../../../shared/commands';
import { ProclabError } from '../../../shared/errors';
import type { SignalName } from '../../../shared/signals';

export interface SignalRequest {
  pid: number;
  startTime?: number;
  action: SignalAction;
  /** With action 'signal': which one. */
  signal?: SignalName;
  confirm?: boolean;
}

export const ACTION_SIGNAL: Record<Exclude<SignalAction, 'kill-tree' | 'signal'>, NodeJS.Signals> = {
  terminate: 'SIGTERM',
  kill: 'SIGKILL',
  stop: 'SIGSTOP',
  continue: 'SIGCONT',
};

/** The signal a request sends (not for 'kill-tree', which sends TERM then KILL to a tree). */
export function signalOf(req: Pick<SignalRequest, 'action' | 'signal'>): NodeJS.Signals {
  if (req.action === 'signal') {
    // The contract's schema already insists on a name; a direct engine caller gets the same answer.
    if (!req.signal) throw new ProclabError('invalid-payload', "action 'signal' needs a signal name");
    return req.signal;
  }
  if (req.action === 'kill-tree') throw new ProclabError('invalid-payload', "'kill-tree' is not one signal");
  return ACTION_SIGNAL[req.action];
}

const byNumber = new Map<number, string>(Object.entries(os.constants.signals).map(([name, n]) => [n, name]));
export function signalName(n: number): string {
  return byNumber.get(n) ?? `signal ${n}`;
}

/** Signals after which a process that disappears is counted as ended by whoever sent it. */
export const TERMINATING = new Set(['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP', 'SIGQUIT']);

/** process.kill without throwing: false when the target is gone or not ours to signal. */
export function trySignal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
