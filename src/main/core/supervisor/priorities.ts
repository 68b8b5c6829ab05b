import { execFile } from 'node:child_process';
import os from 'node:os';
import { say, type EngineTextCode } from '../../../shared/engine-texts';
import { ProclabError } from '../../../shared/errors';
import type { I18nText } from '../../../shared/model';
import type { PriorityResult } from '../../../shared/results';
import { listAllTids, listTids, type StatFields } from '../procfs';
import type { ProcSource } from '../sampler/source';
import { checkActionPolicy, checkSignalPolicy, type PolicyDecision } from './policy';
import { ancestorsOf, identify } from './targets';

// The signal policy's words say "signalled"; for a priority change the same rule reads "changed".
const CHANGE_WORDS: Partial<Record<EngineTextCode, EngineTextCode>> = {
  'refuse.not-ours-confirm': 'refuse.change-not-ours-confirm',
  'refuse.gone': 'refuse.change-gone',
  'refuse.reused': 'refuse.change-reused',
  'refuse.kernel-thread': 'refuse.change-kernel-thread',
  'refuse.other-proclab': 'refuse.change-other-proclab',
};

/** The policy's refusal, worded for a priority change where its rule has such words. */
export function changeRefusal(d: PolicyDecision, pid: number): I18nText {
  if (d.ok) throw new Error('not a refusal');
  const to = CHANGE_WORDS[d.rule];
  return to ? say(to, { pid }) : d.text;
}

function refuseWith(d: PolicyDecision, pid: number): never {
  if (d.ok) throw new Error('not a refusal');
  throw ProclabError.saying(d.code, changeRefusal(d, pid));
}

const result = (pid: number, text: I18nText, extra: Partial<PriorityResult>): PriorityResult => ({ pid, message: text.en, text, ...extra });

function run(
  cmd: string,
  args: string[],
): Promise<{ out: string; err: { code?: string | number | null; message: string } | null; stderr: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { timeout: 5000 }, (err, stdout, stderr) => resolve({ out: String(stdout), err, stderr: String(stderr) })),
  );
}

/** "0-2,5" → [0,1,2,5]; null for a malformed list or a core this machine does not have. */
export function parseCoreList(list: string, cores: number): number[] | null {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(list)) return null;
  const out = new Set<number>();
  for (const part of list.split(',')) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    const hi = b ?? a;
    if (hi < a || hi >= cores) return null;
    for (let c = a; c <= hi; c++) out.add(c);
  }
  return [...out].sort((x, y) => x - y);
}

/** taskset -p prints "pid 12's current affinity list: 0,1" (and "new affinity list" after -p LIST). */
export function parseTasksetList(out: string, which: 'current' | 'new'): string | null {
  return new RegExp(`${which} affinity list:\\s*(\\S+)`).exec(out)?.[1] ?? null;
}

/**
 * renice and CPU affinity under the same policy as signals (`checkActionPolicy`): hard refusals
 * (init, ProcLab, its ancestors), the PID-reuse check by start time, kernel threads and other
 * ProcLab hosts, and confirmation for processes outside the runs.
 */
export class PriorityActions {
  constructor(
    private readonly source: ProcSource,
    /** True when (pid, startTime) is a live process of one of the app's runs. */
    private readonly owned: (pid: number, startTime: number) => boolean,
    private readonly selfPid: number,
  ) {}

  /** The one action policy (as for signals), worded for a change; returns the fresh stat of the process. */
  private guard(req: { pid: number; startTime?: number; confirm?: boolean }): StatFields {
    const { pid } = req;
    const ancestors = ancestorsOf(this.source, [this.selfPid]);
    const hard = checkSignalPolicy({ pid, selfPid: this.selfPid, ancestors, owned: true });
    if (!hard.ok) refuseWith(hard, pid);
    const now = identify(this.source, pid);
    if (!now && req.startTime === undefined) throw ProclabError.saying('not-found', say('refuse.no-such', { pid }));
    const policy = checkActionPolicy({
      pid,
      selfPid: this.selfPid,
      ancestors,
      owned: !!now && this.owned(pid, now.id.startTime),
      confirm: req.confirm,
      expectedStartTime: req.startTime,
      current: now?.id ?? null,
    });
    if (!policy.ok) refuseWith(policy, pid);
    return (now as NonNullable<typeof now>).st;
  }

  /**
   * Sets the nice value of every thread: on Linux setpriority(PRIO_PROCESS, pid) changes only the
   * thread whose tid is pid, so a renice of the main thread alone would leave workers where they were.
   */
  async renice(req: { pid: number; startTime?: number; nice: number; confirm?: boolean }): Promise<PriorityResult> {
    const { pid, nice } = req;
    if (!Number.isInteger(nice) || nice < -20 || nice > 19)
      throw ProclabError.saying('invalid-payload', say('refuse.nice-range', { nice }));
    this.guard(req);
    let from: number;
    try {
      from = os.getPriority(pid);
    } catch {
      throw ProclabError.saying('refused', say('refuse.change-gone', { pid }));
    }
    if (from === nice) return result(pid, say('ok.nice-same', { pid, to: nice }), { nice: { from, to: nice } });
    // Every native thread, the bootstrap's hidden listener too: a process is reniced whole.
    const tids = process.platform === 'linux' ? listAllTids(pid) : [];
    const targets = tids.length ? tids : [pid];
    const shown = process.platform === 'linux' ? listTids(pid).length : 0;
    let changed = 0;
    for (const tid of targets) {
      try {
        os.setPriority(tid, nice);
        changed++;
      } catch (e) {
        // os.setPriority throws ERR_SYSTEM_ERROR with the errno name in `info.code`.
        const err = e as { code?: string; info?: { code?: string } };
        const code = err.info?.code ?? err.code ?? '';
        if (code === 'ESRCH') continue; // a thread ended meanwhile
        // Undo a partial change so a refusal leaves the process as it was.
        for (const t of targets.slice(0, changed)) {
          try {
            os.setPriority(t, from);
          } catch {
            /* best effort */
          }
        }
        if ((code === 'EACCES' || code === 'EPERM') && nice < from)
          throw ProclabError.saying('refused', say('refuse.nice-privilege', { pid, from, to: nice }));
        throw ProclabError.saying('refused', say('refuse.nice-failed', { pid, error: (e as Error).message }));
      }
    }
    if (!changed) throw ProclabError.saying('refused', say('refuse.change-gone', { pid }));
    return result(pid, say('ok.reniced', { pid, from, to: nice, threads: Math.min(changed, shown || changed) }), {
      nice: { from, to: nice },
    });
  }

  /** Pins every thread (taskset -a) to the given cores; Node has no sched_setaffinity of its own. */
  async affinity(req: { pid: number; startTime?: number; cores: string; confirm?: boolean }): Promise<PriorityResult> {
    const { pid } = req;
    const n = os.cpus().length;
    const list = parseCoreList(req.cores, n);
    if (!list || !list.length) throw ProclabError.saying('invalid-payload', say('refuse.affinity-cores', { cores: req.cores, max: n - 1 }));
    if (process.platform !== 'linux') throw ProclabError.saying('refused', say('refuse.affinity-unsupported'));
    this.guard(req);
    const before = await run('taskset', ['-p', '-c', String(pid)]);
    if (before.err?.code === 'ENOENT') throw ProclabError.saying('refused', say('refuse.affinity-unsupported'));
    const from = parseTasksetList(before.out, 'current') ?? '?';
    const set = await run('taskset', ['-a', '-p', '-c', list.join(','), String(pid)]);
    if (set.err) {
      const why = (set.stderr.trim().split('\n').pop() ?? set.err.message).replace(/^taskset:\s*/, '');
      throw ProclabError.saying('refused', say('refuse.affinity-failed', { pid, error: why }));
    }
    const to = parseTasksetList(set.out, 'new') ?? list.join(',');
    return result(pid, say('ok.affinity', { pid, cores: to, from }), { cores: { from, to } });
  }
}
