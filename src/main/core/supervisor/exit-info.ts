import { BY_TEXT, say } from '../../../shared/engine-texts';
import type { ExitCause, ExitInfo, I18nText } from '../../../shared/model';
import { decodeWaitStatus } from '../procfs';
import { signalName } from './signals';

type LastSignal = { signal: string; by: ExitCause } | null;

/**
 * How a descendant ended. It is not ProcLab's child, so there is no wait() status for it unless a
 * tick caught it as a zombie (stat field 52). Otherwise the honest answer is the signal ProcLab sent
 * it, if any, or "unknown".
 */
export function descendantExit(zombieStatus: number | null, last: LastSignal, now: number): { exit: ExitInfo; detail: I18nText } {
  if (zombieStatus !== null) {
    const w = decodeWaitStatus(zombieStatus);
    const sig = w.signal !== null ? signalName(w.signal) : null;
    const by: ExitCause = last && (sig === null || sig === last.signal) ? last.by : sig ? 'unknown' : 'self';
    return { exit: { code: w.code, signal: sig, by, at: now }, detail: exitText(sig, w.code) };
  }
  if (last)
    return {
      exit: { code: null, signal: last.signal, by: last.by, at: now },
      detail: say('ev.ended-after-signal', { signal: last.signal, by: BY_TEXT[last.by] }),
    };
  return {
    exit: { code: null, signal: null, by: 'unknown', at: now },
    detail: say('ev.exit-unknown'),
  };
}

/** The run root is our child: child_process gives its code or signal; who caused it is what we sent. */
export function rootExit(code: number | null, signal: string | null, last: LastSignal, now: number): { exit: ExitInfo; detail: I18nText } {
  const by: ExitCause = last ? last.by : signal ? 'unknown' : 'self';
  return { exit: { code, signal, by, at: now }, detail: exitText(signal, code) };
}

function exitText(signal: string | null, code: number | null): I18nText {
  return signal ? say('ev.killed', { signal }) : say('ev.exit-code', { code: String(code) });
}
