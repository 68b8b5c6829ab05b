import type { Claim, RunData, Verdict } from '../../../shared/model';
import { claim, exitTs, fmt, mergedResult, num, verdict } from './common';

/**
 * orphan: the parent exits first; the kernel re-parents the still-running child to init
 * (pid 1) or the nearest subreaper. The monitor flags it as an orphan.
 */
export function orphanVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const root = run.info.rootPid ?? num(r.parent_pid);
  const childFromResult = num(r.child_pid);
  const orphaned = run.events.filter((e) => e.kind === 'orphaned' && (childFromResult === null || e.pid === childFromResult));
  const child = childFromResult ?? orphaned[0]?.pid ?? null;
  const ev = orphaned[0];

  // ppid before: what the child said, else its spawn event, else the root; after: the orphan event or the child's report.
  const spawned = child !== null ? run.events.find((e) => e.kind === 'spawned' && e.pid === child) : undefined;
  const before = num(r.ppid_before) ?? spawned?.ppid ?? root;
  const after = ev?.ppid ?? num(r.ppid_after);
  const changed = before !== null && after !== null && after !== before;

  const rootExit = root !== null ? exitTs(run, root) : null;
  const childExit = child !== null ? exitTs(run, child) : null;
  const parentFirst = rootExit !== null && (childExit === null || rootExit < childExit);

  const claims: Claim[] = [
    claim(
      'The parent exited while its child was still running',
      '父进程先于子进程退出',
      parentFirst,
      rootExit !== null
        ? `parent ${root} exited at +${fmt((rootExit - run.info.startedAt) / 1000, 1)} s, child ${child ?? '?'} ${childExit !== null ? `at +${fmt((childExit - run.info.startedAt) / 1000, 1)} s` : 'not seen exiting'}`
        : 'the parent’s exit was not recorded',
    ),
    claim(
      "The child's parent PID changed (re-parented)",
      '子进程的父 PID 改变了（被重新收养）',
      changed,
      `ppid ${before ?? '?'} → ${after ?? '?'}`,
    ),
    claim(
      'The monitor flagged the child as an orphan',
      '监视器把子进程标记为孤儿',
      ev !== undefined,
      ev ? `orphaned event for pid ${ev.pid}: ${ev.detail}` : 'no orphaned event',
    ),
    claim(
      'The orphan still ended before the run was over (nothing leaked)',
      '孤儿进程在运行结束前也结束了（没有遗留）',
      childExit !== null,
      childExit !== null ? `child exited at +${fmt((childExit - run.info.startedAt) / 1000, 1)} s` : 'no exit recorded for the child',
    ),
  ];
  return verdict(claims, { ppidBefore: before ?? NaN, ppidAfter: after ?? NaN, orphanedEvents: orphaned.length });
}
