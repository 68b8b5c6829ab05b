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
  outputsOf,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

/** Wall time over ceil(workers / K) × hold: waking and scheduling add a little, never take away. */
const LOW = 0.9;
const HIGH = 1.5;
const BUSY_CORES = 0.5;
const MIN_SHARE = 0.6;
const MIN_SEEN = 3;

/**
 * semaphore: K permits keep at most K workers inside; they pass in ceil(N / K) waves; the
 * waiting ones sit in lock wait; a bounded semaphore refuses an extra release.
 */
export function semaphoreVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const workers = num(r.workers);
  const k = num(r.permits);
  const wall = num(r.wall_ms);
  const expected = num(r.expected_ms);
  const inside = outputsOf(run, 'metric')
    .filter((o) => o.data?.name === 'inside')
    .map((o) => num(o.data?.value))
    .filter((v): v is number => v !== null);
  const peak = inside.length ? Math.max(...inside) : null;
  const reach = k !== null && workers !== null ? Math.min(k, workers) : null;
  const ratio = wall !== null && expected ? wall / expected : NaN;
  const others = othersCores(run.samples);
  const w = lockWaitsSeen(run, 'sem');
  const share = w.seen ? w.inLock / w.seen : NaN;

  const claims: Claim[] = [
    finishedClaim(run),
    claim(
      `"inside" never exceeded K and reached it`,
      `"inside" 从未超过 K，并且达到了 K`,
      peak !== null && reach !== null && peak === reach,
      {
        en: `peak ${peak ?? '?'} inside over ${inside.length} readings, K = ${k ?? '?'}`,
        zh: `${inside.length} 次读数中峰值为 ${peak ?? '?'}，K = ${k ?? '?'}`,
      },
    ),
  ];
  const waveText = 'They went through in waves: the wall time was about ceil(workers / K) × hold';
  const waveZh = '它们分批通过：总耗时约为 ceil(工作线程数 / K) × 持有时间';
  const waveMeasured = concatText(
    {
      en: `${fmt((wall ?? NaN) / 1000, 2)} s for ${fmt((expected ?? NaN) / 1000, 2)} s expected: ×${fmt(ratio, 2)}`,
      zh: `耗时 ${fmt((wall ?? NaN) / 1000, 2)} 秒，预期 ${fmt((expected ?? NaN) / 1000, 2)} 秒：×${fmt(ratio, 2)}`,
    },
    claimBound(`${fmt(LOW, 1)} to ${fmt(HIGH, 1)}`),
  );
  if (ratio > HIGH && others > BUSY_CORES)
    claims.push(
      undecidedClaim(waveText, waveZh, waveMeasured, {
        en: `other work used ${fmt(others, 1)} cores meanwhile`,
        zh: `其间其他任务占用了 ${fmt(others, 1)} 个核心`,
      }),
    );
  else claims.push(claim(waveText, waveZh, ratio >= LOW && ratio <= HIGH, waveMeasured));

  const lockText = 'The workers without a permit waited in lock wait';
  const lockZh = '没拿到许可的工作线程处于锁等待';
  const lockMeasured = {
    en: `${w.inLock} of ${w.seen} sampled waiting workers in lock wait (claim: ≥ ${fmt(MIN_SHARE * 100, 0)} %)`,
    zh: `采样到的 ${w.seen} 个等待中的工作线程里，${w.inLock} 个处于锁等待（论断：≥ ${fmt(MIN_SHARE * 100, 0)} %）`,
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
        en: `the samples caught only ${w.seen} workers while they waited (a longer hold gives more)`,
        zh: `采样只捕捉到 ${w.seen} 个正在等待的工作线程（持有时间更长会捕捉到更多）`,
      }),
    );
  else claims.push(claim(lockText, lockZh, share >= MIN_SHARE, lockMeasured));

  claims.push(
    claim(
      'A bounded semaphore raised on a release too many; a plain one grew past its start',
      '有界信号量在多释放一次时抛出异常；普通信号量则超过了初始值',
      num(r.bounded_raised) === 1 && num(r.plain_grew) === 1,
      {
        en: `bounded raised: ${num(r.bounded_raised) === 1}, plain grew: ${num(r.plain_grew) === 1}`,
        zh: `有界信号量抛出异常：${num(r.bounded_raised) === 1 ? '是' : '否'}，普通信号量变大：${num(r.plain_grew) === 1 ? '是' : '否'}`,
      },
    ),
  );
  return verdict(claims, { peakInside: peak ?? NaN, wallRatio: ratio, lockWaitShare: share });
}

const result = z
  .object({
    workers: z.number(),
    permits: z.number(),
    hold_ms: z.number(),
    peak_inside: z.number(),
    waves: z.number(),
    wall_ms: z.number(),
    expected_ms: z.number(),
    bounded_raised: z.number(),
    plain_grew: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: semaphoreVerdict });
