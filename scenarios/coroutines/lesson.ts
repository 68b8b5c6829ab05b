import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  concatText,
  defineLesson,
  finishedClaim,
  fmt,
  metricSeries,
  mergedResult,
  num,
  outputsOf,
  paramNum,
  samplesEn,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

const markTs = (run: RunData, label: string): number | null => outputsOf(run, 'mark').find((o) => o.text === label)?.ts ?? null;

/**
 * coroutines: thousands of concurrent sleeps on one thread (the ENGINE counts the threads and
 * CPU while they sleep), a computing coroutine blocks the loop (the program's lag metric rises to
 * about its compute time), and computing off the loop keeps the lag small.
 */
export function coroutinesVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const node = run.info.runtime === 'node';
  const n = num(r.coroutines) ?? paramNum(run, 'coroutines', 0);
  const sleepMs = num(r.sleep_ms) ?? paramNum(run, 'sleep_ms', 0);
  const tickMs = num(r.tick_ms) ?? paramNum(run, 'tick_ms', 50);
  const wall = num(r.sleeps_wall_ms);
  const cpuMs = num(r.sleeps_cpu_ms);
  const hogWall = num(r.hog_wall_ms);
  const hogLag = num(r.hog_lag_max_ms);
  const offLag = num(r.offload_lag_max_ms);
  const baseLag = num(r.base_lag_max_ms);
  const root = run.info.rootPid;

  // What the engine saw of the process while the sleeps ran, and just before.
  const from = markTs(run, 'sleeps start');
  const to = markTs(run, 'sleeps end');
  const rows = run.samples.flatMap((s) => s.procs.filter((p) => p.pid === root).map((p) => ({ ts: s.ts, threads: p.threads, cpu: p.cpu })));
  const during = from !== null && to !== null ? rows.filter((x) => x.ts > from && x.ts <= to) : [];
  const before = from !== null ? rows.filter((x) => x.ts < from) : [];
  const peak = during.reduce((m, x) => Math.max(m, x.threads), 0);
  const baseline = before.length ? before[before.length - 1]!.threads : null;
  const avgCpu = during.length ? during.reduce((a, x) => a + x.cpu, 0) / during.length : NaN;

  const gevent = typeof r.gevent === 'string' ? r.gevent : null;
  const geventNote =
    gevent === 'not installed'
      ? { en: '; gevent is not installed here: its variant was skipped', zh: '；本机未安装 gevent：跳过了 gevent 版本' }
      : null;

  const threadText = node
    ? 'The concurrent sleeps added no thread: the JavaScript ran on one'
    : `The ${n} concurrent sleeps ran on one thread`;
  const threadZh = node ? '并发 sleep 没有增加任何线程：JavaScript 在一个线程上运行' : `${n} 个并发 sleep 在一个线程上运行`;
  const threadMeasured = concatText(
    {
      en: `peak ${peak} threads over ${samplesEn(during.length)} while they slept${baseline !== null ? `, ${baseline} just before` : ''}`,
      zh: `sleep 期间 ${during.length} 个样本中线程数峰值为 ${peak}${baseline !== null ? `，开始前为 ${baseline}` : ''}`,
    },
    geventNote,
  );
  const threadPass = node ? baseline !== null && peak <= baseline : peak === 1 && num(r.sleeps_threads) === 1;
  const claims: Claim[] = [
    finishedClaim(run),
    during.length === 0 || (node && baseline === null)
      ? undecidedClaim(threadText, threadZh, threadMeasured, {
          en: 'no sample of the process fell while the coroutines slept (or before them)',
          zh: '协程 sleep 期间（或之前）没有取到该进程的样本',
        })
      : claim(threadText, threadZh, threadPass, threadMeasured),
    claim(
      'Wall time ≈ one sleep, not one per coroutine',
      '墙钟时间约等于一次 sleep，而不是每个协程一次',
      wall !== null && wall >= sleepMs * 0.95 && wall <= sleepMs * 1.5 + 200,
      {
        en: `${n} sleeps of ${sleepMs} ms took ${wall ?? '?'} ms (one after another: ${n * sleepMs} ms)`,
        zh: `${n} 个 ${sleepMs} 毫秒的 sleep 共用时 ${wall ?? '?'} 毫秒（逐个执行则为 ${n * sleepMs} 毫秒）`,
      },
    ),
    claim(
      'CPU ≈ 0 while they slept',
      'sleep 期间 CPU 约为 0',
      cpuMs !== null && wall !== null && cpuMs <= 0.3 * wall && (!during.length || avgCpu <= 30),
      {
        en: `${cpuMs ?? '?'} ms of CPU in ${wall ?? '?'} ms (claim: ≤ 30 %); the engine measured ${fmt(avgCpu, 0)} % of a core on average`,
        zh: `${wall ?? '?'} 毫秒内用了 ${cpuMs ?? '?'} 毫秒 CPU（论断：≤ 30 %）；引擎测得平均占用 ${fmt(avgCpu, 0)} % 个核`,
      },
    ),
  ];

  // The lag metric as charted: its peak is what the hog did.
  const lag = metricSeries(run, 'loop_lag_ms');
  const peakLag = lag.reduce((m, p) => Math.max(m, p.value), 0);
  const low = hogWall !== null ? hogWall - tickMs - 20 : NaN;
  const high = hogWall !== null ? hogWall + tickMs + 250 : NaN;
  claims.push(
    claim(
      'A coroutine that computes blocks the loop: the lag rises to about its compute time',
      '计算型协程会阻塞事件循环：延迟升到约等于它的计算时间',
      hogLag !== null && hogWall !== null && hogLag >= low && hogLag <= high && peakLag >= low,
      {
        en: `lag ${hogLag ?? '?'} ms while it computed for ${hogWall ?? '?'} ms (claim: ${fmt(low, 0)}–${fmt(high, 0)} ms); the ticker idled at ≤ ${baseLag ?? '?'} ms; charted peak ${peakLag} ms over ${lag.length} ticks`,
        zh: `计算 ${hogWall ?? '?'} 毫秒期间延迟为 ${hogLag ?? '?'} 毫秒（论断：${fmt(low, 0)}–${fmt(high, 0)} 毫秒）；空闲时计时任务延迟 ≤ ${baseLag ?? '?'} 毫秒；图表峰值 ${peakLag} 毫秒，共 ${lag.length} 次计时`,
      },
    ),
  );

  const offText = node
    ? 'Computing in a worker thread keeps the loop’s lag small'
    : 'Computing in asyncio.to_thread keeps the loop’s lag small';
  const offZh = node ? '在 worker 线程中计算时，事件循环延迟保持很小' : '在 asyncio.to_thread 中计算时，事件循环延迟保持很小';
  const offBound = hogLag !== null ? 0.3 * hogLag : NaN;
  const offMeasured = {
    en: `lag ${offLag ?? '?'} ms while the same work ran off the loop (claim: ≤ ${fmt(offBound, 0)} ms, 30 % of the blocked lag)`,
    zh: `同样的计算在事件循环之外运行时延迟为 ${offLag ?? '?'} 毫秒（论断：≤ ${fmt(offBound, 0)} 毫秒，即阻塞时延迟的 30 %）`,
  };
  claims.push(
    baseLag !== null && hogLag !== null && baseLag > offBound
      ? undecidedClaim(offText, offZh, offMeasured, {
          en: `the machine was too busy: the idle ticker was already ${baseLag} ms late`,
          zh: `机器太忙：空闲时计时任务就已经晚了 ${baseLag} 毫秒`,
        })
      : claim(offText, offZh, offLag !== null && offLag <= offBound, offMeasured),
  );

  if (gevent === 'ran' || gevent === 'failed') {
    const gw = num(r.gevent_wall_ms);
    const gt = num(r.gevent_threads);
    claims.push(
      claim(
        'gevent: the greenlets’ patched sleeps ran on one thread in about one sleep',
        'gevent：打过补丁的 greenlet sleep 在一个线程上运行，用时约一次 sleep',
        gevent === 'ran' && gt === 1 && gw !== null && gw <= sleepMs * 1.5 + 300,
        {
          en: `${gevent === 'ran' ? `${n} greenlets took ${gw ?? '?'} ms on ${gt ?? '?'} thread(s)` : 'the gevent child failed'}`,
          zh: `${gevent === 'ran' ? `${n} 个 greenlet 用时 ${gw ?? '?'} 毫秒，线程数 ${gt ?? '?'}` : 'gevent 子进程失败'}`,
        },
      ),
    );
  }

  return verdict(claims, {
    sleepsWallMs: wall ?? NaN,
    sleepsCpuMs: cpuMs ?? NaN,
    peakThreads: peak,
    hogLagMs: hogLag ?? NaN,
    offloadLagMs: offLag ?? NaN,
  });
}

const result = z
  .object({
    coroutines: z.number(),
    sleep_ms: z.number(),
    pid: z.number(),
    sleeps_wall_ms: z.number(),
    sleeps_cpu_ms: z.number(),
    sleeps_threads: z.number(),
    tick_ms: z.number(),
    ticks: z.number(),
    base_lag_max_ms: z.number(),
    hog_ms: z.number(),
    hog_wall_ms: z.number(),
    hog_lag_max_ms: z.number(),
    offload_wall_ms: z.number(),
    offload_lag_max_ms: z.number(),
    gevent: z.string(),
    gevent_wall_ms: z.number(),
    gevent_threads: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: coroutinesVerdict });
