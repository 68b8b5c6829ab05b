import { z } from 'zod';
import type { Claim, LessonBand, RunData, Verdict } from '../../src/shared/model';
import {
  type BandInput,
  busySamples,
  claim,
  claimBound,
  concatText,
  coresStats,
  defineLesson,
  finishedClaim,
  fmt,
  machineCores,
  othersCores,
  paramNum,
  paramStr,
  progressWindow,
  samplesEn,
  undecidedClaim,
  verdict,
  wallMs,
  workCores,
} from '../../src/main/core/lessons/kit';

/** Parallel models: at least this share of min(workers, free cores), on average. */
export const PARALLEL_SHARE = 0.7;
/** One thread at a time (the GIL, sequential code, one event loop): at most this many cores on average. */
export const ONE_THREAD_MAX = 1.3;

function isParallel(runtime: 'python' | 'node', model: string): boolean {
  return model === 'processes' || model === 'pool' || (runtime === 'node' && model === 'threads');
}

/** The cores the claim needs of a parallel model: PARALLEL_SHARE × min(workers, cores free). */
const parallelNeed = (workers: number, free: number): number => PARALLEL_SHARE * Math.min(workers, free);

/** A parallel model's band: at least `need` cores, up to min(workers, free cores). */
function parallelBand(need: number, workers: number, free: number): LessonBand {
  return { from: need, to: Math.min(workers, free), label: { en: `≥ ${fmt(need)} cores on average`, zh: `平均 ≥ ${fmt(need)} 个核` } };
}

const ONE_THREAD_BAND: LessonBand = {
  from: 0,
  to: ONE_THREAD_MAX,
  label: { en: `≤ ${fmt(ONE_THREAD_MAX, 1)} cores on average`, zh: `平均 ≤ ${fmt(ONE_THREAD_MAX, 1)} 个核` },
};

/** The claim's band for the cores chart, with every core free (the verdict's own band replaces it on a busy machine). */
export function cpuBoundBand({ runtime, params, cores }: BandInput): LessonBand {
  const rt = runtime === 'node' ? 'node' : 'python';
  const model = typeof params.model === 'string' ? params.model : 'sequential';
  const workers = typeof params.workers === 'number' ? params.workers : 1;
  return isParallel(rt, model) ? parallelBand(parallelNeed(workers, cores), workers, cores) : ONE_THREAD_BAND;
}

/**
 * cpu-bound: the same computation over N workers. Python threads share one GIL (≈ 1 core
 * in total); processes, pools and Node worker threads spread over the cores; sequential
 * code and a single-threaded event loop (async) use one core at most.
 */
export function cpuBoundVerdict(run: RunData): Verdict {
  const runtime = run.info.runtime === 'node' ? 'node' : 'python';
  const model = paramStr(run, 'model', 'sequential');
  const workers = paramNum(run, 'workers', 1);
  const cores = machineCores(run);
  const busy = busySamples(run);
  const { peak, n } = coresStats(busy);
  // The same average the comparison table shows for this run.
  const avg = n ? workCores(run) : NaN;
  const others = othersCores(busy);
  // The machine before the work began (start-up and calibration), when a sample fell there.
  const start = progressWindow(run)?.[0];
  const before = start === undefined ? [] : run.samples.filter((s) => s.ts <= start);
  const othersBefore = before.length ? othersCores(before) : null;
  const who = `${runtime === 'python' ? 'Python' : 'Node'} ${model}`;
  const measured = {
    en: `${who} used ${fmt(avg)} cores on average (peak ${fmt(peak)}) over ${samplesEn(n)}`,
    zh: `${who} 在 ${n} 个样本中平均使用 ${fmt(avg)} 个核，峰值 ${fmt(peak)}`,
  };
  const claims: Claim[] = [finishedClaim(run)];
  const parallel = isParallel(runtime, model);
  let band: LessonBand = ONE_THREAD_BAND;
  if (n === 0) {
    claims.push(
      claim('The run was sampled while it worked', '运行期间采到了样本', false, {
        en: 'no samples in the busy window',
        zh: '工作期间没有采到样本',
      }),
    );
  } else if (parallel) {
    // On a machine shared with other busy programs we cannot get every core: the target
    // uses the cores the others left free (reported), never more than min(workers, cores).
    const busyMachine = others > 0.25;
    const free = busyMachine ? cores - others : cores;
    const need = parallelNeed(workers, free);
    const text = `${who}: ${workers} workers use at least ${PARALLEL_SHARE} × min(workers, cores) cores on average`;
    const textZh = `${who}：${workers} 个工作者平均至少使用 ${PARALLEL_SHARE} × min(工作者数, 核数) 个核`;
    const busyNote = busyMachine && {
      en: `the machine was busy: other programs used ${fmt(others)} cores, so only ${fmt(free)} of ${cores} were free`,
      zh: `机器很忙：其他程序占用了 ${fmt(others)} 个核，${cores} 个核中只有 ${fmt(free)} 个空闲`,
    };
    const beforeNote = othersBefore !== null && {
      en: `before the work ${fmt(cores - othersBefore)} were free`,
      zh: `开始工作前有 ${fmt(cores - othersBefore)} 个核空闲`,
    };
    const shown = concatText(measured, claimBound(`≥ ${fmt(need)}`, busyNote, beforeNote));
    band = parallelBand(need, workers, free);
    // Too busy to tell parallel from serial: the lowered target is within one thread's reach,
    // so meeting it proves nothing unless the workers clearly used more than one core.
    const tooBusy = Math.min(workers, cores) >= 2 && free < 1.5;
    if (tooBusy && avg <= ONE_THREAD_MAX)
      claims.push(
        undecidedClaim(text, textZh, shown, {
          en:
            `only ${fmt(free)} cores were free (other programs used ${fmt(others)} of ${cores}): too few to show parallelism` +
            (avg >= need
              ? `; the ${fmt(avg)} cores used meet the lowered target ≥ ${fmt(need)}, but one thread alone could use as much`
              : '') +
            ', run again on a quieter machine',
          zh:
            `只有 ${fmt(free)} 个核空闲（其他程序占用了 ${cores} 个核中的 ${fmt(others)} 个）：太少，无法展示并行` +
            (avg >= need ? `；使用的 ${fmt(avg)} 个核达到了降低后的目标 ≥ ${fmt(need)}，但单个线程也能用到这么多` : '') +
            '，请在更空闲的机器上再运行一次',
        }),
      );
    else claims.push(claim(text, textZh, avg >= need, shown));
  } else if (runtime === 'python' && model === 'threads') {
    claims.push(
      claim(
        `Python threads: the GIL lets one thread run Python code at a time, so all threads together use ≤ ${fmt(ONE_THREAD_MAX, 1)} cores on average`,
        `Python 线程：GIL 同一时刻只允许一个线程执行 Python 代码，所有线程平均合计 ≤ ${fmt(ONE_THREAD_MAX, 1)} 个核`,
        avg <= ONE_THREAD_MAX,
        concatText(measured, claimBound(`≤ ${fmt(ONE_THREAD_MAX, 1)}`)),
      ),
    );
  } else {
    // sequential, and async (coroutines share one thread: a CPU-bound coroutine hogs it)
    claims.push(
      claim(
        `${who} runs on one thread, so it uses ≤ ${fmt(ONE_THREAD_MAX, 1)} cores on average`,
        `${who} 只在一个线程上运行，平均使用 ≤ ${fmt(ONE_THREAD_MAX, 1)} 个核`,
        avg <= ONE_THREAD_MAX,
        concatText(measured, claimBound(`≤ ${fmt(ONE_THREAD_MAX, 1)}`)),
      ),
    );
  }
  const v = verdict(claims, {
    avgCores: avg,
    peakCores: peak,
    wallMs: wallMs(run),
    workers,
    cores,
    othersCores: others,
    freeCores: cores - others,
    ...(othersBefore !== null && { freeCoresBefore: cores - othersBefore }),
    samples: n,
  });
  return { ...v, band };
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z
  .object({ model: z.string(), workers: z.number(), iterations: z.number(), wall_ms: z.number(), cpu_ms: z.number(), cores: z.number() })
  .partial();

export default defineLesson({ result, verdict: cpuBoundVerdict, band: cpuBoundBand });
