import fs from 'node:fs';
import { say } from '../../../shared/engine-texts';
import type { I18nText, RunOutcome } from '../../../shared/model';
import type { LimitHits, RunCgroup } from './cgroup';
import { fmtBytes } from './helpers';

/**
 * The process and memory limits as the kernel holds them, and how the run learns it hit one.
 *
 * `pids.max` counts tasks — threads too — while `maxProcs` counts processes. So the kernel gets
 * the process limit plus room for the threads the run's processes already have (tasks beyond one
 * per process, re-read every tick) plus a small slack for threads started between two ticks. A
 * fork bomb (one thread per process) is then held within the slack of its limit, and the
 * sampler, which sees more than `maxProcs` processes, ends it at once.
 */

/** Tasks allowed above `maxProcs` + the run's extra threads: new threads between two ticks. */
export const pidsSlack = (maxProcs: number): number => Math.max(16, Math.floor(maxProcs / 20));

/** The pids.max that holds `maxProcs` processes, given the tasks and processes counted now. */
export const pidsMaxFor = (maxProcs: number, tasks: number, procs: number): number =>
  maxProcs + Math.max(0, tasks - procs) + pidsSlack(maxProcs);

/** What a run has seen of the kernel's counters, and the extra room its thread bursts earned. */
export interface KernelSeen extends LimitHits {
  bonus: number;
}

export const freshSeen = (): KernelSeen => ({ pids: 0, oom: 0, bonus: 0 });

/** What the kernel's counters say ended (or must end) a run, with the words for it. */
export interface KernelVerdict {
  outcome: RunOutcome;
  /** The same words as the sampler's verdict on that limit. */
  reason: I18nText;
  /** What the kernel did, for the run's log. */
  detail: I18nText | null;
}

/**
 * Reads the kernel's limit counters since `seen` (updated in place) and keeps pids.max in step
 * with the run's threads. A refused fork counts as the process limit only when the run has
 * (nearly) `maxProcs` processes: below that it was a burst of threads, which gets more room.
 */
export function checkKernelLimits(
  cg: RunCgroup,
  seen: KernelSeen,
  limits: { maxProcs: number; maxMemBytes: number },
): KernelVerdict | null {
  const hits = cg.limitHits();
  const procs = cg.pids().length;
  const tasks = cg.tasks();
  let verdict: KernelVerdict | null = null;
  if (hits.oom > seen.oom && cg.kernel.memMax !== null)
    verdict = {
      outcome: { cause: 'limit:memory', limit: limits.maxMemBytes },
      reason: say('why.limit-memory', { limit: fmtBytes(limits.maxMemBytes) }),
      detail: say('why.limit-memory-kernel', { limit: fmtBytes(limits.maxMemBytes) }),
    };
  else if (hits.pids > seen.pids && cg.kernel.pidsMax !== null && procs >= limits.maxProcs)
    verdict = {
      outcome: { cause: 'limit:procs', limit: limits.maxProcs },
      reason: say('why.limit-procs', { limit: limits.maxProcs }),
      detail: say('why.limit-procs-kernel', { limit: limits.maxProcs }),
    };
  if (!verdict && tasks !== null && cg.kernel.pidsMax !== null) {
    // Threads were refused below the process limit: more room for threads from now on.
    if (hits.pids > seen.pids) seen.bonus += 2 * pidsSlack(limits.maxProcs);
    const want = pidsMaxFor(limits.maxProcs, tasks, procs) + seen.bonus;
    if (want !== cg.kernel.pidsMax) cg.setPidsMax(want);
  }
  seen.pids = hits.pids;
  seen.oom = hits.oom;
  return verdict;
}

/**
 * The fallback process limit without cgroups: RLIMIT_NPROC (`ulimit -u`) for the run. It is
 * weaker: the kernel counts every task of the user, not of the run, so the limit is the user's
 * tasks now plus `maxProcs` plus the slack, and another program of the same user starting or
 * ending moves it; root (CAP_SYS_RESOURCE / CAP_SYS_ADMIN) is not held by it at all. Null where
 * it does not apply (root, not Linux).
 */
export function nprocLimitFor(maxProcs: number): number | null {
  const uid = process.getuid?.();
  if (process.platform !== 'linux' || uid === undefined || uid === 0) return null;
  let tasks = 0;
  let names: string[];
  try {
    names = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return null;
  }
  for (const n of names) {
    try {
      const status = fs.readFileSync(`/proc/${n}/status`, 'utf8');
      const owner = /^Uid:\s+(\d+)/m.exec(status);
      if (Number(owner?.[1]) === uid) tasks += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
    } catch {
      /* gone meanwhile */
    }
  }
  return tasks + maxProcs + pidsSlack(maxProcs);
}
