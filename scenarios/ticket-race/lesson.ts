import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  defineLesson,
  finishedClaim,
  fmt,
  mergedResult,
  num,
  othersCores,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

/** Cores other work may use before a slower-than-join lock phase is blamed on the machine. */
const BUSY_CORES = 0.5;

/** Processes of the run other than its root, from the engine's samples and lifecycle events. */
function childPids(run: RunData): Set<number> {
  const pids = new Set<number>();
  for (const s of run.samples) for (const p of s.procs) if (p.pid !== run.info.rootPid) pids.add(p.pid);
  for (const e of run.events) if (e.pid !== run.info.rootPid) pids.add(e.pid);
  return pids;
}

/**
 * ticket-race: buyer processes on one data.json oversell without a lock, sell exactly the
 * stock with a lock or with join, and the lock (only the buy takes turns) costs less than join
 * (everything takes turns).
 */
export function ticketRaceVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const stock = num(r.stock);
  const buyers = num(r.buyers);
  const sold = num(r.nolock_sold);
  const lockSold = num(r.lock_sold);
  const joinSold = num(r.join_sold);
  const lockMs = num(r.lock_ms);
  const joinMs = num(r.join_ms);
  const children = childPids(run).size;
  const others = othersCores(run.samples);

  const claims: Claim[] = [
    finishedClaim(run),
    claim(
      'Without a lock, more tickets were sold than there were',
      '不加锁时，卖出的票比实际的多',
      sold !== null && stock !== null && sold > stock,
      {
        en: `${sold ?? '?'} sold of ${stock ?? '?'} in stock to ${buyers ?? '?'} buyers: ${sold !== null && stock !== null ? Math.max(0, sold - stock) : '?'} oversold`,
        zh: `${buyers ?? '?'} 个买家，库存 ${stock ?? '?'} 张，卖出 ${sold ?? '?'} 张：超卖 ${sold !== null && stock !== null ? Math.max(0, sold - stock) : '?'} 张`,
      },
    ),
    claim(
      'With the lock, and with join, exactly the stock was sold',
      '加锁时和 join 时，卖出的票数都正好等于库存',
      stock !== null && lockSold === stock && joinSold === stock,
      {
        en: `lock: ${lockSold ?? '?'} sold, join: ${joinSold ?? '?'} sold, of ${stock ?? '?'}`,
        zh: `加锁：卖出 ${lockSold ?? '?'} 张，join：卖出 ${joinSold ?? '?'} 张，库存 ${stock ?? '?'} 张`,
      },
    ),
  ];
  const faster = lockMs !== null && joinMs !== null && lockMs < joinMs;
  const text = 'The lock cost less time than join: only the buying took turns, not the searches';
  const zh = '加锁比 join 花的时间少：只有购买需要轮流，查询不需要';
  const measured = {
    en: `lock phase ${fmt((lockMs ?? NaN) / 1000, 2)} s, join phase ${fmt((joinMs ?? NaN) / 1000, 2)} s`,
    zh: `加锁阶段 ${fmt((lockMs ?? NaN) / 1000, 2)} 秒，join 阶段 ${fmt((joinMs ?? NaN) / 1000, 2)} 秒`,
  };
  if (!faster && lockMs !== null && joinMs !== null && others > BUSY_CORES)
    claims.push(
      undecidedClaim(text, zh, measured, {
        en: `other work used ${fmt(others, 1)} cores meanwhile: starting the buyers at once was slowed by it`,
        zh: `其间其他任务占用了 ${fmt(others, 1)} 个核心：同时启动买家因此变慢`,
      }),
    );
  else claims.push(claim(text, zh, faster, measured));
  const seen = { en: `${children} buyer processes seen`, zh: `看到 ${children} 个买家进程` };
  const procText = 'The engine saw the buyers as processes of the run';
  const procZh = '引擎把买家看作本次运行的进程';
  claims.push(
    children >= 2
      ? claim(procText, procZh, true, seen)
      : undecidedClaim(procText, procZh, seen, {
          en: `the samples caught only ${children} buyers: they lived shorter than a tick (a longer delay keeps them longer)`,
          zh: `采样只捕捉到 ${children} 个买家：它们存活的时间短于一个采样周期（延迟更长它们就活得更久）`,
        }),
  );
  return verdict(claims, {
    oversold: sold !== null && stock !== null ? sold - stock : NaN,
    lockMs: lockMs ?? NaN,
    joinMs: joinMs ?? NaN,
    buyerProcs: children,
  });
}

const result = z
  .object({
    buyers: z.number(),
    stock: z.number(),
    delay_ms: z.number(),
    nolock_sold: z.number(),
    nolock_left: z.number(),
    oversold: z.number(),
    lock_sold: z.number(),
    join_sold: z.number(),
    nolock_ms: z.number(),
    lock_ms: z.number(),
    join_ms: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: ticketRaceVerdict });
