import type { ExitCause, ExitInfo } from '../../../shared/model';
import { decodeWaitStatus } from '../procfs';
import { signalName } from './signals';

type LastSignal = { signal: string; by: ExitCause } | null;

/**
 * How a descendant ended. It is not ProcLab's child, so there is no wait() status for it unless a
 * tick caught it as a zombie (stat field 52). Otherwise the honest answer is the signal ProcLab sent
 * it, if any, or "unknown".
 */
export function descendantExit(zombieStatus: number | null, last: LastSignal, now: number): { exit: ExitInfo; detail: string } {
  if (zombieStatus !== null) {
    const w = decodeWaitStatus(zombieStatus);
    const sig = w.signal !== null ? signalName(w.signal) : null;
    const by: ExitCause = last && (sig === null || sig === last.signal) ? last.by : sig ? 'unknown' : 'self';
    return { exit: { code: w.code, signal: sig, by, at: now }, detail: sig ? `killed by ${sig}` : `exited with code ${w.code}` };
  }
  if (last)
    return {
      exit: { code: null, signal: last.signal, by: last.by, at: now },
      detail: `ended after ${last.signal} from ${last.by === 'user' ? 'the user' : 'ProcLab'} (exit status not observable: not ProcLab's child)`,
    };
  return {
    exit: { code: null, signal: null, by: 'unknown', at: now },
    detail: "exited; exit status unknown (not ProcLab's child, and its parent reaped it before a tick saw it)",
  };
}

/** The run root is our child: child_process gives its code or signal; who caused it is what we sent. */
export function rootExit(code: number | null, signal: string | null, last: LastSignal, now: number): { exit: ExitInfo; detail: string } {
  const by: ExitCause = last ? last.by : signal ? 'unknown' : 'self';
  return { exit: { code, signal, by, at: now }, detail: signal ? `killed by ${signal}` : `exited with code ${code}` };
}
