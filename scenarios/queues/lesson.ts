import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  defineLesson,
  finishedClaim,
  fmt,
  joinText,
  lockWaitsSeen,
  mergedResult,
  num,
  outputsOf,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

const MIN_SHARE = 0.6;
const MIN_SEEN = 2;
/** A timed get may wake late on a loaded machine, never early; this much late still counts. */
const LATE_MS = 1000;

const list = (v: unknown): string => (typeof v === 'string' ? v : '');
const sorted = (s: string): string =>
  s
    .split(',')
    .map(Number)
    .sort((a, b) => a - b)
    .join(',');

/** queues: FIFO/LIFO/priority orders; put() on a full queue and get(timeout) on an empty one block, and the engine sees them in lock wait. */
export function queuesVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const items = list(r.items);
  const fifo = list(r.fifo);
  const lifo = list(r.lifo);
  const prio = list(r.priority);
  const block = num(r.block_ms);
  const putMs = num(r.put_blocked_ms);
  const empty = num(r.get_raised_empty);
  const getMs = num(r.get_waited_ms);
  const marks = outputsOf(run, 'mark');
  const freed = marks.find((o) => /slot is free/.test(o.text ?? ''))?.ts ?? null;
  const putDone = marks.find((o) => o.data?.lock === 'put' && o.text === 'acquired')?.ts ?? null;
  const reversed = items.split(',').reverse().join(',');

  const claims: Claim[] = [
    finishedClaim(run),
    claim(
      'FIFO gave the put order, LIFO the reverse, priority smallest first',
      'FIFO 按放入顺序输出，LIFO 顺序相反，优先级队列先出最小的',
      items !== '' && fifo === items && lifo === reversed && prio === sorted(items),
      {
        en: `put ${items || '?'} → FIFO ${fifo || '?'}, LIFO ${lifo || '?'}, priority ${prio || '?'}`,
        zh: `放入 ${items || '?'} → FIFO ${fifo || '?'}，LIFO ${lifo || '?'}，优先级 ${prio || '?'}`,
      },
    ),
    claim(
      'put() on the full queue waited until another thread took an item',
      '满队列上的 put() 一直等到另一个线程取走一项',
      freed !== null && putDone !== null && putDone >= freed && putMs !== null && block !== null && putMs >= block / 2,
      {
        en: `blocked ${fmt((putMs ?? NaN) / 1000, 2)} s; went on ${putDone !== null && freed !== null ? (putDone >= freed ? 'after' : 'before') : '?'} the slot was freed`,
        zh: `阻塞 ${fmt((putMs ?? NaN) / 1000, 2)} 秒；在空出位置${putDone !== null && freed !== null ? (putDone >= freed ? '之后' : '之前') : '（未知）'}继续`,
      },
    ),
    claim(
      'get(timeout) on the empty queue raised Empty after its timeout',
      '空队列上的 get(timeout) 在超时后抛出 Empty',
      empty === 1 && getMs !== null && block !== null && getMs >= block - 5 && getMs <= block + LATE_MS,
      {
        en: `raised Empty: ${empty === 1}, after ${fmt((getMs ?? NaN) / 1000, 2)} s (timeout ${fmt((block ?? NaN) / 1000, 2)} s)`,
        zh: `抛出 Empty：${empty === 1 ? '是' : '否'}，用时 ${fmt((getMs ?? NaN) / 1000, 2)} 秒（超时 ${fmt((block ?? NaN) / 1000, 2)} 秒）`,
      },
    ),
  ];
  const put = lockWaitsSeen(run, 'put');
  const get = lockWaitsSeen(run, 'get');
  const text = 'While blocked, the put and the get threads showed lock wait';
  const zh = '阻塞期间，put 和 get 线程都显示为锁等待';
  const part = (name: string, w: typeof put) => ({
    en: `${name}: ${w.inLock} of ${w.seen} samples in lock wait`,
    zh: `${name}：${w.seen} 个样本中 ${w.inLock} 个处于锁等待`,
  });
  const measured = joinText([part('put', put), part('get', get)], 'clause');
  if (!put.waitsRead && !get.waitsRead)
    claims.push(
      undecidedClaim(text, zh, measured, {
        en: 'this platform gives no wait reasons (Linux only)',
        zh: '此平台不提供等待原因（仅 Linux）',
      }),
    );
  else if (put.seen < MIN_SEEN || get.seen < MIN_SEEN)
    claims.push(
      undecidedClaim(text, zh, measured, {
        en: `the samples caught the blocked threads fewer than ${MIN_SEEN} times each (a longer block gives more)`,
        zh: `采样捕捉到被阻塞线程的次数各少于 ${MIN_SEEN} 次（阻塞更久会捕捉到更多）`,
      }),
    );
  else claims.push(claim(text, zh, put.inLock / put.seen >= MIN_SHARE && get.inLock / get.seen >= MIN_SHARE, measured));
  return verdict(claims, { putBlockedMs: putMs ?? NaN, getWaitedMs: getMs ?? NaN, putLockSamples: put.inLock, getLockSamples: get.inLock });
}

const result = z
  .object({
    items: z.string(),
    fifo: z.string(),
    lifo: z.string(),
    priority: z.string(),
    block_ms: z.number(),
    put_blocked_ms: z.number(),
    get_raised_empty: z.number(),
    get_waited_ms: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: queuesVerdict });
