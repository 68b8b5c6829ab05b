import type { Claim, RunData, Verdict } from '../../../shared/model';
import {
  busySamples,
  claim,
  claimBound,
  concatText,
  coresStats,
  finishedClaim,
  fmt,
  machineCores,
  othersCores,
  paramNum,
  paramStr,
  samplesEn,
  verdict,
  wallMs,
} from './common';

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
  const { avg, peak, n } = coresStats(busy);
  const others = othersCores(busy);
  const who = `${runtime === 'python' ? 'Python' : 'Node'} ${model}`;
  const measured = {
    en: `${who} used ${fmt(avg)} cores on average (peak ${fmt(peak)}) over ${samplesEn(n)}`,
    zh: `${who} 在 ${n} 个样本中平均使用 ${fmt(avg)} 个核，峰值 ${fmt(peak)}`,
  };
  const claims: Claim[] = [finishedClaim(run)];
  const parallel = model === 'processes' || model === 'pool' || (runtime === 'node' && model === 'threads');
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
    const need = 0.7 * Math.min(workers, free);
    // Too busy to tell parallel from serial: say so and fail, rather than pass on a tiny target.
    const decidable = Math.min(workers, cores) < 2 || free >= 1.5;
    claims.push(
      claim(
        `${who}: ${workers} workers use at least 0.7 × min(workers, cores) cores on average`,
        `${who}：${workers} 个工作者平均至少使用 0.7 × min(工作者数, 核数) 个核`,
        decidable && avg >= need,
        concatText(
          measured,
          claimBound(
            `≥ ${fmt(need)}`,
            busyMachine && {
              en: `the machine was busy: other programs used ${fmt(others)} cores, so only ${fmt(free)} of ${cores} were free`,
              zh: `机器很忙：其他程序占用了 ${fmt(others)} 个核，${cores} 个核中只有 ${fmt(free)} 个空闲`,
            },
            !decidable && {
              en: 'too few free cores to show parallelism, run again on a quieter machine',
              zh: '空闲的核太少，无法展示并行，请在更空闲的机器上再运行一次',
            },
          ),
        ),
      ),
    );
  } else if (runtime === 'python' && model === 'threads') {
    claims.push(
      claim(
        'Python threads: the GIL lets one thread run Python code at a time, so all threads together use ≤ 1.3 cores on average',
        'Python 线程：GIL 同一时刻只允许一个线程执行 Python 代码，所有线程平均合计 ≤ 1.3 个核',
        avg <= 1.3,
        concatText(measured, claimBound('≤ 1.3')),
      ),
    );
  } else {
    // sequential, and async (coroutines share one thread: a CPU-bound coroutine hogs it)
    claims.push(
      claim(
        `${who} runs on one thread, so it uses ≤ 1.3 cores on average`,
        `${who} 只在一个线程上运行，平均使用 ≤ 1.3 个核`,
        avg <= 1.3,
        concatText(measured, claimBound('≤ 1.3')),
      ),
    );
  }
  return verdict(claims, { avgCores: avg, peakCores: peak, wallMs: wallMs(run), workers, cores, othersCores: others, samples: n });
}
