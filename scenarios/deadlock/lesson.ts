import { z } from 'zod';
import type { Claim, DeadlockEvent, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  defineLesson,
  finishedClaim,
  fmt,
  mergedResult,
  num,
  outputsOf,
  relTime,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

/** Ticks the watchdog may need beyond its threshold on a loaded machine (it only looks once a tick). */
const SLACK_MS = 4000;

/** Whether the engine read wait reasons for this run at all (Linux only). */
const waitsRead = (run: RunData): boolean => run.samples.some((s) => s.threads?.some((t) => t.wait !== undefined));
// Sampled, but with no wait reason anywhere: a platform without them (not Linux). A run that
// was never sampled at all measured nothing, and fails like any other lesson's.
const platformWithoutWaits = (run: RunData): boolean => run.samples.length > 0 && !waitsRead(run);

/**
 * deadlock: two locks taken in opposite orders, or one plain Lock taken twice, hang with
 * every thread of the cycle in an untimed futex wait; the engine's watchdog must say so (with
 * the cycle from the lock marks), and the run then ends. A re-entrant lock completes.
 */
export function deadlockVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const kase = typeof r.case === 'string' ? r.case : String(run.info.params.case ?? 'two-locks');
  const root = run.info.rootPid;
  const events = (run.deadlocks ?? []).filter((d) => root === null || d.pid === root);
  const suspected: DeadlockEvent | undefined = events.find((d) => d.kind === 'suspected');
  const lockMarks = outputsOf(run, 'mark').filter((o) => typeof o.data?.lock === 'string');
  const completed = num(r.completed);

  if (kase === 'rlock') {
    const claims: Claim[] = [
      finishedClaim(run),
      claim(
        'The owner took its re-entrant lock again and the nested call completed',
        '持有者再次获取可重入锁，嵌套调用顺利完成',
        completed === 1,
        {
          en: `completed: ${completed === 1}, ${lockMarks.filter((o) => o.text === 'acquired').length} acquires`,
          zh: `完成：${completed === 1 ? '是' : '否'}，获取 ${lockMarks.filter((o) => o.text === 'acquired').length} 次`,
        },
      ),
      claim('The deadlock watchdog flagged nothing', '死锁看门狗没有报告任何问题', !suspected, {
        en: `${events.length} watchdog events`,
        zh: `看门狗事件 ${events.length} 个`,
      }),
    ];
    return verdict(claims, { completed: completed ?? 0, watchdogEvents: events.length });
  }

  if (kase === 'lucky-order') return luckyOrderVerdict(run, events, completed);

  const lastMark = lockMarks.length ? lockMarks[lockMarks.length - 1]!.ts : null;
  const after = suspected && lastMark !== null ? suspected.ts - lastMark : null;
  const threshold = suspected?.thresholdMs ?? 3000;
  const ended = run.info.endedAt ?? run.info.exit?.at ?? null;
  const claims: Claim[] = [];

  if (!suspected && platformWithoutWaits(run))
    claims.push(
      undecidedClaim(
        'The deadlock watchdog suspected the hang',
        '死锁看门狗发现了这次卡死',
        { en: 'no wait reasons in the run samples', zh: '运行样本中没有等待原因' },
        { en: 'this platform gives no wait reasons (Linux only)', zh: '此平台不提供等待原因（仅 Linux）' },
      ),
    );
  else
    claims.push(
      claim(
        `The deadlock watchdog suspected the hang within its ${fmt(threshold / 1000, 0)} s (+ ${fmt(SLACK_MS / 1000, 0)} s for ticks) of the last lock mark`,
        `死锁看门狗在最后一个锁标记后的 ${fmt(threshold / 1000, 0)} 秒（另加 ${fmt(SLACK_MS / 1000, 0)} 秒采样余量）内发现了这次卡死`,
        !!suspected && after !== null && after <= threshold + SLACK_MS,
        suspected
          ? {
              en: `suspected at ${relTime(run, suspected.ts)}, ${fmt((after ?? NaN) / 1000, 1)} s after the last lock mark: ${suspected.threads.length} threads on ${suspected.locks.length} lock words`,
              zh: `在 ${relTime(run, suspected.ts)} 报告，距最后一个锁标记 ${fmt((after ?? NaN) / 1000, 1)} 秒：${suspected.threads.length} 个线程在 ${suspected.locks.length} 个锁字上等待`,
            }
          : { en: `no suspicion in ${events.length} watchdog events`, zh: `${events.length} 个看门狗事件中没有疑似死锁` },
      ),
    );
  const cycle = suspected?.cycleText ?? null;
  const names = kase === 'two-locks' ? ['A', 'B'] : ['L'];
  // Without wait reasons there is no event and so no cycle to check: the hang claim says why.
  if (suspected || !platformWithoutWaits(run))
    claims.push(
      claim(
        kase === 'two-locks'
          ? 'The event names the wait-for cycle: each of two threads holds one lock and waits for the other'
          : 'The event names the cycle: one thread holds L and waits for L',
        kase === 'two-locks' ? '事件说出了等待环：两个线程各持有一把锁并等待另一把' : '事件说出了等待环：一个线程持有 L 并等待 L',
        cycle !== null && names.every((l) => new RegExp(`holds ${l}\\b`).test(cycle.en) && new RegExp(`waits for ${l}\\b`).test(cycle.en)),
        cycle ?? { en: 'no cycle in the event', zh: '事件中没有等待环' },
      ),
    );
  claims.push(
    claim(
      'The stuck program never completed, and the run was then stopped',
      '卡住的程序没有完成，随后运行被停止',
      completed !== 1 && ended !== null && (!suspected || ended > suspected.ts),
      {
        en: `completed: ${completed === 1}; run ended at ${relTime(run, ended)} (${run.info.status}${num(r.gave_up) === 1 ? ', the program gave up' : ''})`,
        zh: `完成：${completed === 1 ? '是' : '否'}；运行在 ${relTime(run, ended)} 结束（${run.info.status}${num(r.gave_up) === 1 ? '，程序自行放弃' : ''}）`,
      },
    ),
  );
  return verdict(claims, {
    suspectedAfterMs: after ?? NaN,
    threadsFlagged: suspected?.threads.length ?? 0,
    lockWords: suspected?.locks.length ?? 0,
  });
}

/**
 * lucky-order: the two opposite orders one thread after the other. Nothing hangs, yet the order
 * graph has a cycle: Python's bootstrap reports it as a potential deadlock with both orders'
 * lines. Node runs keep no lock orders: undecided there (a Python run with the bootstrap off fails).
 */
function luckyOrderVerdict(run: RunData, events: DeadlockEvent[], completed: number | null): Verdict {
  const potential = events.find((d) => d.kind === 'potential' && d.inversion);
  const suspected = events.find((d) => d.kind === 'suspected');
  const inv = potential?.inversion;
  // Both orders with their lines, at two different places of the program (a helper's one line
  // would not show the learner where the orders differ), over the same two locks.
  const named =
    !!inv &&
    [inv.first, inv.second].every((o) => o.at !== null && o.thenAt !== null) &&
    (inv.first.at!.file !== inv.second.at!.file || inv.first.at!.line !== inv.second.at!.line) &&
    inv.first.lock === inv.second.then &&
    inv.first.then === inv.second.lock;
  const claims: Claim[] = [
    finishedClaim(run),
    claim(
      'The timing was lucky: both threads completed and nothing hung',
      '时机凑巧：两个线程都完成了，没有卡住',
      completed === 1 && !suspected,
      {
        en: `completed: ${completed === 1}; ${suspected ? 'a deadlock was suspected' : 'no deadlock suspected'}`,
        zh: `完成：${completed === 1 ? '是' : '否'}；${suspected ? '报告了疑似死锁' : '没有疑似死锁'}`,
      },
    ),
  ];
  const what = 'The lock-order inversion was reported as a potential deadlock, with both orders and their source lines';
  const whatZh = '锁顺序颠倒被报告为潜在死锁，并给出两种顺序及其代码行';
  if (!potential && run.info.runtime !== 'python')
    claims.push(
      undecidedClaim(
        what,
        whatZh,
        { en: 'no lock orders recorded', zh: '没有记录锁顺序' },
        { en: 'only Python runs keep lock orders (ProcLab’s bootstrap)', zh: '只有 Python 运行会记录锁顺序（ProcLab 的引导模块）' },
      ),
    );
  else claims.push(claim(what, whatZh, named, potential?.text ?? { en: 'no potential deadlock reported', zh: '没有报告潜在死锁' }));
  return verdict(claims, { completed: completed ?? 0, potential: potential ? 1 : 0 });
}

const result = z
  .object({
    case: z.string(),
    threads: z.number(),
    give_up_s: z.number(),
    completed: z.number(),
    gave_up: z.number(),
    stuck_s: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: deadlockVerdict });
