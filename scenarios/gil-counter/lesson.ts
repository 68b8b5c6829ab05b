import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  defineLesson,
  finishedClaim,
  fmt,
  mergedResult,
  num,
  lockWaitsSeen,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

/** Share of the sampled waiting threads that must read as lock wait (a thread between its mark and the acquire call is still running). */
const MIN_SHARE = 0.6;
const MIN_SEEN = 3;

/**
 * gil-counter: `num -= 1` in many threads loses nothing (Python: the GIL; Node: one quick
 * update per worker), a sleep between read and write loses updates, a lock (or Atomics) keeps
 * every one, and the engine sees the threads queued on the lock in lock wait.
 */
export function gilCounterVerdict(run: RunData): Verdict {
  const node = run.info.runtime === 'node';
  const r = mergedResult(run);
  const n = num(r.threads);
  const plain = num(r.plain_final);
  const slept = num(r.sleep_final);
  const locked = num(r.lock_final);
  const atomic = num(r.atomic_final);
  const w = lockWaitsSeen(run, 'num');
  const share = w.seen ? w.inLock / w.seen : NaN;

  const finalText = (v: number | null) => ({
    en: `final num = ${v ?? '?'} (from ${n ?? '?'})`,
    zh: `num 最终为 ${v ?? '?'}（初值 ${n ?? '?'}）`,
  });
  const claims: Claim[] = [
    finishedClaim(run),
    // Node's workers really run at once: two that start together can both read the same value, so
    // "lost nothing" is not a promise a run can keep (seen: 1 of 8 lost). What always holds is that
    // the race's window decides how much is lost: a quick update loses fewer than one with a sleep.
    node
      ? claim(
          'One quick c[0] = c[0] - 1 per worker lost fewer updates than with a sleep between read and write (still a race: it can lose some)',
          '每个 worker 只做一次快速的 c[0] = c[0] - 1，丢失的更新比读写之间有睡眠时少（仍是竞争：可能丢失一些）',
          plain !== null && slept !== null && plain < slept,
          {
            en: `final num = ${plain ?? '?'} (from ${n ?? '?'}); ${slept ?? '?'} with the sleep`,
            zh: `num 最终为 ${plain ?? '?'}（初值 ${n ?? '?'}）；有睡眠时为 ${slept ?? '?'}`,
          },
        )
      : claim(
          'Plain num -= 1 in every thread lost no update: the GIL switches rarely (it only looks safe)',
          '每个线程直接 num -= 1，没有丢失更新：GIL 很少切换（只是看起来安全）',
          plain === 0,
          finalText(plain),
        ),
    claim('With a sleep between read and write, updates were lost', '读和写之间有 sleep 时，更新丢失了', slept !== null && slept > 0, {
      en: `final num = ${slept ?? '?'}: ${slept ?? '?'} of ${n ?? '?'} updates lost`,
      zh: `num 最终为 ${slept ?? '?'}：${n ?? '?'} 次更新中丢失 ${slept ?? '?'} 次`,
    }),
    claim(
      node
        ? 'With a mutex on Atomics (and with Atomics.sub) no update was lost'
        : 'With a Lock around read, sleep and write no update was lost',
      node ? '用基于 Atomics 的互斥锁（以及 Atomics.sub）时没有丢失更新' : '用 Lock 保护读、睡眠和写时没有丢失更新',
      locked === 0 && (!node || atomic === 0),
      node
        ? {
            en: `final num = ${locked ?? '?'} with the mutex, ${atomic ?? '?'} with Atomics.sub`,
            zh: `互斥锁时 num 最终为 ${locked ?? '?'}，Atomics.sub 时为 ${atomic ?? '?'}`,
          }
        : finalText(locked),
    ),
  ];
  const lockText = 'While one thread held the lock, the engine saw the others in lock wait';
  const lockZh = '一个线程持有锁时，引擎看到其余线程处于锁等待';
  const measured = {
    en: `${w.inLock} of ${w.seen} sampled waiting threads in lock wait (claim: ≥ ${fmt(MIN_SHARE * 100, 0)} %)`,
    zh: `采样到的 ${w.seen} 个等待中的线程里，${w.inLock} 个处于锁等待（论断：≥ ${fmt(MIN_SHARE * 100, 0)} %）`,
  };
  if (!w.waitsRead)
    claims.push(
      undecidedClaim(lockText, lockZh, measured, {
        en: 'this platform gives no wait reasons (Linux only)',
        zh: '此平台不提供等待原因（仅 Linux）',
      }),
    );
  else if (w.seen < MIN_SEEN)
    claims.push(
      undecidedClaim(lockText, lockZh, measured, {
        en: `the samples caught only ${w.seen} threads while they waited (a longer sleep gives more)`,
        zh: `采样只捕捉到 ${w.seen} 个正在等待的线程（睡眠更长会捕捉到更多）`,
      }),
    );
  else claims.push(claim(lockText, lockZh, share >= MIN_SHARE, measured));
  return verdict(claims, {
    plainFinal: plain ?? NaN,
    sleepFinal: slept ?? NaN,
    lockFinal: locked ?? NaN,
    lockWaitShare: share,
    lockWaitsSeen: w.seen,
  });
}

const result = z
  .object({
    threads: z.number(),
    sleep_ms: z.number(),
    plain_final: z.number(),
    sleep_final: z.number(),
    lock_final: z.number(),
    atomic_final: z.number(),
    plain_ms: z.number(),
    sleep_phase_ms: z.number(),
    lock_phase_ms: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: gilCounterVerdict });
