import { z } from 'zod';
import type { ExitInfo, RunInfo, RunLimits, RunOutcome, RunStatus, StopCause } from './model';

/** Limits a run gets when it asks for none. */
export const DEFAULT_LIMITS: RunLimits = {
  maxProcs: 256,
  maxMemBytes: 2 * 1024 ** 3,
  maxDurationMs: 10 * 60_000,
  maxOutputLinesPerSec: 200,
};

/** The most any client may ask for: the host refuses more (zod), whoever asks. */
export const HARD_LIMITS: RunLimits = {
  maxProcs: 4096,
  maxMemBytes: 64 * 1024 ** 3,
  maxDurationMs: 24 * 3600_000,
  maxOutputLinesPerSec: 10_000,
};

/** The smallest values that still let a program start. */
export const MIN_LIMITS: RunLimits = { maxProcs: 1, maxMemBytes: 16 * 1024 ** 2, maxDurationMs: 100, maxOutputLinesPerSec: 1 };

const bounded = (k: keyof RunLimits) =>
  z
    .number()
    .int()
    .min(MIN_LIMITS[k], `at least ${MIN_LIMITS[k]}`)
    .max(HARD_LIMITS[k], `at most ${HARD_LIMITS[k]} (the host's hard maximum)`)
    .optional();

/** `limits` of run.start / run.command: each one optional, each within the hard maxima. */
export const limitsSchema = z
  .object({
    maxProcs: bounded('maxProcs'),
    maxMemBytes: bounded('maxMemBytes'),
    maxDurationMs: bounded('maxDurationMs'),
    maxOutputLinesPerSec: bounded('maxOutputLinesPerSec'),
  })
  .strict();

export function resolveLimits(asked: Partial<RunLimits> | undefined, base: RunLimits = DEFAULT_LIMITS): RunLimits {
  const out = { ...base };
  for (const k of Object.keys(out) as Array<keyof RunLimits>) {
    const v = asked?.[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = Math.min(HARD_LIMITS[k], Math.max(MIN_LIMITS[k], Math.round(v)));
  }
  return out;
}

/** The status a run reads, from why it ended. */
export function statusOf(outcome: RunOutcome, exit: ExitInfo | null): RunStatus {
  switch (outcome.cause) {
    case 'user-stop':
      return 'stopped';
    case 'limit:procs':
    case 'limit:memory':
    case 'timeout':
      return 'limit';
    case 'interrupted':
      return 'interrupted';
    case 'signal':
      return 'failed';
    case 'exit':
      return exit?.code === 0 ? 'finished' : 'failed';
  }
}

/** A run nobody stopped ended by itself: by its exit code, or by a signal (the user's, if they sent it). */
export function selfOutcome(exit: ExitInfo): RunOutcome {
  if (exit.signal) return { cause: exit.by === 'user' ? 'user-stop' : 'signal' };
  return { cause: 'exit' };
}

const LEGACY_LIMITS: Array<[RegExp, StopCause]> = [
  [/more than (\d+) processes \(maxProcs\)/, 'limit:procs'],
  [/memory above ([\d.]+) (MiB|GiB) RSS \(maxRssBytes\)/, 'limit:memory'],
  [/ran longer than ([\d.]+) (s|min) \(maxDurationMs\)/, 'timeout'],
];
const UNIT: Record<string, number> = { MiB: 1024 ** 2, GiB: 1024 ** 3, s: 1000, min: 60_000 };

/**
 * The outcome of a run recorded before outcomes were typed. Those journals kept only a status
 * and an English reason; this is the one place that reads that English, to migrate on read.
 */
export function legacyOutcome(info: Pick<RunInfo, 'status' | 'reason' | 'exit'>): RunOutcome | null {
  switch (info.status) {
    case 'running':
      return null;
    case 'interrupted':
      return { cause: 'interrupted' };
    case 'finished':
      return { cause: 'exit' };
    case 'stopped':
      return info.reason === 'app shutdown' ? { cause: 'interrupted' } : { cause: 'user-stop' };
    case 'failed':
      return info.exit ? selfOutcome(info.exit) : { cause: 'exit' };
    case 'limit': {
      for (const [re, cause] of LEGACY_LIMITS) {
        const m = re.exec(info.reason ?? '');
        if (m) return { cause, limit: Math.round(Number(m[1]) * (m[2] ? (UNIT[m[2]] ?? 1) : 1)) };
      }
      return { cause: 'limit:procs' };
    }
  }
}

/**
 * A run record as read from disk: one written before typed outcomes gets its outcome. Its
 * recorded status stands, except where the old code misread a stop: the user's signal to the
 * root read "failed", a shutdown read "stopped".
 */
export function migrateInfo(info: RunInfo): RunInfo {
  if (info.outcome !== undefined || info.status === 'running') return info;
  const outcome = legacyOutcome(info);
  if (!outcome) return info;
  const fix = outcome.cause === 'user-stop' || outcome.cause === 'interrupted';
  return { ...info, outcome, status: fix ? statusOf(outcome, info.exit) : info.status };
}
