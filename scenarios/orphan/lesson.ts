import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import { claim, defineLesson, exitTs, mergedResult, num, relTime, verdict } from '../../src/main/core/lessons/kit';

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
      rootExit === null
        ? { en: 'the parent’s exit was not recorded', zh: '没有记录到父进程退出' }
        : childExit !== null
          ? {
              en: `parent ${root} exited at ${relTime(run, rootExit)}, child ${child ?? '?'} at ${relTime(run, childExit)}`,
              zh: `父进程 ${root} 于 ${relTime(run, rootExit)} 退出，子进程 ${child ?? '?'} 于 ${relTime(run, childExit)} 退出`,
            }
          : {
              en: `parent ${root} exited at ${relTime(run, rootExit)}, child ${child ?? '?'} not seen exiting`,
              zh: `父进程 ${root} 于 ${relTime(run, rootExit)} 退出，未观察到子进程 ${child ?? '?'} 退出`,
            },
    ),
    claim("The child's parent PID changed (re-parented)", '子进程的父 PID 改变了（被重新收养）', changed, {
      en: `ppid ${before ?? '?'} → ${after ?? '?'}`,
      zh: `父 PID ${before ?? '?'} → ${after ?? '?'}`,
    }),
    claim(
      'The monitor flagged the child as an orphan',
      '监视器把子进程标记为孤儿',
      ev !== undefined,
      ev
        ? { en: `orphaned event for pid ${ev.pid}: ${ev.detail}`, zh: `PID ${ev.pid} 的孤儿事件：${ev.text?.zh ?? ev.detail}` }
        : { en: 'no orphaned event', zh: '没有孤儿事件' },
    ),
    claim(
      'The orphan still ended before the run was over (nothing leaked)',
      '孤儿进程在运行结束前也结束了（没有遗留）',
      childExit !== null,
      childExit !== null
        ? { en: `child exited at ${relTime(run, childExit)}`, zh: `子进程于 ${relTime(run, childExit)} 退出` }
        : { en: 'no exit recorded for the child', zh: '没有记录到子进程退出' },
    ),
  ];
  return verdict(claims, { ppidBefore: before ?? NaN, ppidAfter: after ?? NaN, orphanedEvents: orphaned.length });
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z.object({ parent_pid: z.number(), child_pid: z.number(), ppid_before: z.number(), ppid_after: z.number() }).partial();

export default defineLesson({ result, verdict: orphanVerdict });
