import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  claimBound,
  concatText,
  defineLesson,
  finishedClaim,
  fmt,
  lockWaitsSeen,
  mergedResult,
  num,
  othersCores,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

/** "All at once": the first and last waiter woke within this window (a wake-up is microseconds; scheduling 20 threads on 2 cores a few ms). */
const SPREAD_MS = 100;
const BUSY_CORES = 0.5;
const MIN_SHARE = 0.6;
const MIN_SEEN = 3;

/** events: Event.set() releases all, notify wakes one and notify_all the rest, Barrier's action once per group, Timer once. */
export function eventsVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const n = num(r.waiters);
  const released = num(r.released);
  const spread = num(r.release_spread_ms);
  const condN = num(r.cond_waiters);
  const one = num(r.notify_woke);
  const rest = num(r.notify_all_woke);
  const actions = num(r.barrier_actions);
  const gens = num(r.barrier_generations);
  const fired = num(r.timer_fired);
  const after = num(r.timer_after_ms);
  const interval = num(r.timer_interval_ms);
  const cancelled = num(r.cancelled_ran);
  const others = othersCores(run.samples);
  const w = lockWaitsSeen(run, 'event');
  const share = w.seen ? w.inLock / w.seen : NaN;

  const claims: Claim[] = [finishedClaim(run)];
  const relText = 'One set() released every waiter, all within a small window';
  const relZh = '一次 set() 释放了全部等待者，都在很短的时间窗内';
  const relMeasured = concatText(
    {
      en: `${released ?? '?'} of ${n ?? '?'} released within ${fmt(spread ?? NaN, 1)} ms`,
      zh: `${n ?? '?'} 个中有 ${released ?? '?'} 个在 ${fmt(spread ?? NaN, 1)} 毫秒内被释放`,
    },
    claimBound(`≤ ${SPREAD_MS} ms`),
  );
  const allReleased = released !== null && released === n;
  if (allReleased && spread !== null && spread > SPREAD_MS && others > BUSY_CORES)
    claims.push(
      undecidedClaim(relText, relZh, relMeasured, {
        en: `other work used ${fmt(others, 1)} cores meanwhile`,
        zh: `其间其他任务占用了 ${fmt(others, 1)} 个核心`,
      }),
    );
  else claims.push(claim(relText, relZh, allReleased && spread !== null && spread <= SPREAD_MS, relMeasured));

  const lockText = 'Before set(), the engine saw the waiters in lock wait';
  const lockZh = 'set() 之前，引擎看到等待者处于锁等待';
  const lockMeasured = {
    en: `${w.inLock} of ${w.seen} sampled waiters in lock wait (claim: ≥ ${fmt(MIN_SHARE * 100, 0)} %)`,
    zh: `采样到的 ${w.seen} 个等待者里，${w.inLock} 个处于锁等待（论断：≥ ${fmt(MIN_SHARE * 100, 0)} %）`,
  };
  if (!w.waitsRead)
    claims.push(
      undecidedClaim(lockText, lockZh, lockMeasured, {
        en: 'this platform gives no wait reasons (Linux only)',
        zh: '此平台不提供等待原因（仅 Linux）',
      }),
    );
  else if (w.seen < MIN_SEEN)
    claims.push(
      undecidedClaim(lockText, lockZh, lockMeasured, {
        en: `the samples caught only ${w.seen} waiters before set() (a longer wait gives more)`,
        zh: `采样在 set() 之前只捕捉到 ${w.seen} 个等待者（等待更久会捕捉到更多）`,
      }),
    );
  else claims.push(claim(lockText, lockZh, share >= MIN_SHARE, lockMeasured));

  claims.push(
    claim(
      'notify() woke exactly one waiter; notify_all() woke all the others',
      'notify() 恰好唤醒一个等待者；notify_all() 唤醒了其余全部',
      one === 1 && condN !== null && rest === condN - 1,
      {
        en: `notify: ${one ?? '?'}, notify_all: ${rest ?? '?'} of ${condN ?? '?'} waiters`,
        zh: `${condN ?? '?'} 个等待者中，notify 唤醒 ${one ?? '?'} 个，notify_all 唤醒 ${rest ?? '?'} 个`,
      },
    ),
    claim("The barrier's action ran once per group of 3", '屏障的 action 每 3 个一组运行一次', actions !== null && actions === gens, {
      en: `${actions ?? '?'} actions for ${gens ?? '?'} groups`,
      zh: `${gens ?? '?'} 组，action 运行 ${actions ?? '?'} 次`,
    }),
    claim(
      'The Timer ran once, after its interval; the cancelled one never ran',
      'Timer 在间隔之后运行了一次；被取消的那个从未运行',
      fired === 1 && after !== null && interval !== null && after >= interval - 1 && cancelled === 0,
      {
        en: `fired ${fired ?? '?'} time after ${fmt(after ?? NaN, 1)} ms (interval ${interval ?? '?'} ms); cancelled one ran ${cancelled ?? '?'} times`,
        zh: `在 ${fmt(after ?? NaN, 1)} 毫秒后触发 ${fired ?? '?'} 次（间隔 ${interval ?? '?'} 毫秒）；被取消的运行了 ${cancelled ?? '?'} 次`,
      },
    ),
  );
  return verdict(claims, { releaseSpreadMs: spread ?? NaN, lockWaitShare: share, barrierActions: actions ?? NaN });
}

const result = z
  .object({
    waiters: z.number(),
    released: z.number(),
    release_spread_ms: z.number(),
    release_lag_ms: z.number(),
    cond_waiters: z.number(),
    notify_woke: z.number(),
    notify_all_woke: z.number(),
    barrier_actions: z.number(),
    barrier_generations: z.number(),
    timer_fired: z.number(),
    timer_after_ms: z.number(),
    timer_interval_ms: z.number(),
    cancelled_ran: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: eventsVerdict });
