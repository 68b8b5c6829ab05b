import os from 'node:os';
import type { SignalAction } from '../../../shared/commands';

export const ACTION_SIGNAL: Record<Exclude<SignalAction, 'kill-tree'>, NodeJS.Signals> = {
  terminate: 'SIGTERM',
  kill: 'SIGKILL',
  stop: 'SIGSTOP',
  continue: 'SIGCONT',
};

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
