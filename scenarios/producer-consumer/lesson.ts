import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  defineLesson,
  finishedClaim,
  metricAt,
  metricSeries,
  mergedResult,
  num,
  paramNum,
  roleMarks,
  samplesEn,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

/**
 * producer-consumer: every item is consumed exactly once, every consumer ends, and a full
 * bounded queue blocks the producers, seen by the ENGINE as their threads' lock waits at
 * the samples taken while the program's queue-depth metric said "full".
 */
export function producerConsumerVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const produced = num(r.produced);
  const consumed = num(r.consumed);
  const unique = num(r.unique);
  const duplicates = num(r.duplicates);
  const consumersN = num(r.consumers) ?? paramNum(run, 'consumers', 0);
  const size = num(r.queue_size) ?? paramNum(run, 'queue_size', 1);
  const joinable = (r.mode ?? run.info.params.stop) === 'joinable';

  const exactlyOnce = produced !== null && produced > 0 && consumed === produced && unique === produced && duplicates === 0;
  const missing = produced !== null && unique !== null ? produced - unique : null;

  // Consumers: processes in Python (the engine saw each exit), worker threads in Node (the program saw each exit).
  const consumerMarks = roleMarks(run, /^consumer \d+ started/);
  const node = run.info.runtime === 'node';
  const exitedPids = new Set(run.events.filter((e) => e.kind === 'exited').map((e) => e.pid));
  const consumerPids = [...new Set(consumerMarks.map((m) => m.pid).filter((p): p is number => p !== null))];
  const engineEnded = consumerPids.filter((p) => exitedPids.has(p)).length;
  const programEnded = num(node ? r.consumers_exited : r.consumers_ended_by_sentinel);
  const allEnded = node
    ? programEnded === consumersN && consumerMarks.length === consumersN
    : consumerPids.length === consumersN && engineEnded === consumersN && (joinable || programEnded === consumersN);

  // Producer threads and the samples taken while the queue was full.
  const producerTids = new Set(
    roleMarks(run, /^producer \d+ started/)
      .map((m) => m.tid)
      .filter((t): t is number => t !== null),
  );
  const depth = metricSeries(run, 'queue_depth');
  const maxDepth = depth.reduce((m, p) => Math.max(m, p.value), 0);
  const withWaits = run.samples.filter((s) => s.threads?.some((t) => t.wait));
  const full = withWaits.filter((s) => (metricAt(depth, s.ts) ?? 0) >= size);
  const producersThere = full.filter((s) => s.threads!.some((t) => producerTids.has(t.tid)));
  const blocked = producersThere.filter((s) => s.threads!.some((t) => producerTids.has(t.tid) && t.wait?.kind === 'lock'));
  const share = producersThere.length ? blocked.length / producersThere.length : 0;

  const blockText = 'While the queue was full, the producers’ threads waited on a lock';
  const blockZh = '队列满时，生产者线程在锁上等待';
  const blockMeasured = {
    en: `queue full (${size}) at ${samplesEn(producersThere.length)} with producer threads; a producer in lock wait at ${blocked.length} (claim: ≥ half); peak depth ${maxDepth}`,
    zh: `在 ${producersThere.length} 个含生产者线程的样本中队列已满（${size}）；其中 ${blocked.length} 个样本有生产者处于锁等待（论断：至少一半）；深度峰值 ${maxDepth}`,
  };
  const blockClaim: Claim =
    withWaits.length === 0
      ? undecidedClaim(blockText, blockZh, blockMeasured, {
          en: 'the engine read no wait reasons on this platform',
          zh: '本平台上引擎读不到等待原因',
        })
      : producersThere.length === 0
        ? undecidedClaim(blockText, blockZh, blockMeasured, {
            en: `no sample fell while the queue was full (peak depth ${maxDepth} of ${size}): make consuming slower`,
            zh: `队列满时没有取到样本（深度峰值 ${maxDepth}，容量 ${size}）：请让消费更慢`,
          })
        : claim(blockText, blockZh, blocked.length > 0 && share >= 0.5, blockMeasured);

  const claims: Claim[] = [
    finishedClaim(run),
    claim('Every item was consumed exactly once', '每个物品恰好被消费一次', exactlyOnce, {
      en: `${produced ?? '?'} produced, ${consumed ?? '?'} consumed, ${unique ?? '?'} distinct, ${duplicates ?? '?'} twice or more, ${missing ?? '?'} missing`,
      zh: `生产 ${produced ?? '?'} 个，消费 ${consumed ?? '?'} 个，不同物品 ${unique ?? '?'} 个，重复 ${duplicates ?? '?'} 个，缺失 ${missing ?? '?'} 个`,
    }),
    claim(
      joinable ? 'Every consumer ended (daemon consumers, with main)' : 'Every consumer ended on its sentinel',
      joinable ? '所有消费者都已结束（守护消费者随主进程结束）' : '所有消费者都在取到哨兵后结束',
      allEnded,
      node
        ? {
            en: `${programEnded ?? '?'} of ${consumersN} consumer workers exited (${consumerMarks.length} started)`,
            zh: `${consumersN} 个消费者 worker 中有 ${programEnded ?? '?'} 个已退出（启动了 ${consumerMarks.length} 个）`,
          }
        : {
            en: `the engine saw ${engineEnded} of ${consumerPids.length} consumer processes exit (${consumersN} expected)${joinable ? '' : `; ${programEnded ?? '?'} joined after their sentinel`}`,
            zh: `引擎看到 ${consumerPids.length} 个消费者进程中 ${engineEnded} 个退出（应为 ${consumersN} 个）${joinable ? '' : `；${programEnded ?? '?'} 个在取到哨兵后被 join`}`,
          },
    ),
    blockClaim,
  ];
  return verdict(claims, {
    produced: produced ?? NaN,
    consumed: consumed ?? NaN,
    maxDepth,
    fullSamples: producersThere.length,
    blockedSamples: blocked.length,
  });
}

const result = z
  .object({
    mode: z.string(),
    producers: z.number(),
    consumers: z.number(),
    queue_size: z.number(),
    produced: z.number(),
    consumed: z.number(),
    unique: z.number(),
    duplicates: z.number(),
    consumers_ended_by_sentinel: z.number(),
    consumers_exited: z.number(),
    wall_ms: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: producerConsumerVerdict });
