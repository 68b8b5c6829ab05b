import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  busySamples,
  claim,
  claimBound,
  concatText,
  coresStats,
  defineLesson,
  finishedClaim,
  fmt,
  mb,
  memoryStats,
  mergedResult,
  num,
  paramNum,
  paramStr,
  paren,
  samplesEn,
  verdict,
  wallMs,
  workCores,
} from '../../src/main/core/lessons/kit';

/**
 * io-bound: N tasks that mostly wait (sleep, a file, a loopback socket). Threads and async
 * overlap the waits, so N tasks take about one task's time with little CPU; processes get
 * there too but pay a start cost per process and hold more memory.
 */
export function ioBoundVerdict(run: RunData): Verdict {
  const runtime = run.info.runtime === 'node' ? 'Node' : 'Python';
  const model = paramStr(run, 'model', 'sequential');
  const tasks = paramNum(run, 'tasks', 1);
  const r = mergedResult(run);
  const wall = wallMs(run);
  const task = num(r.task_ms) ?? paramNum(run, 'sleep_ms', 1000);
  const { peak, n } = coresStats(busySamples(run));
  // Without samples, the program's own CPU time over its wall time says the same thing.
  const cpuMs = num(r.cpu_ms);
  // The same average the comparison table shows for this run.
  const avgCores = n > 0 ? workCores(run) : cpuMs !== null && wall > 0 ? cpuMs / wall : NaN;
  const mem = memoryStats(run);
  const figures: Record<string, number> = {
    wallMs: wall,
    taskMs: task,
    ratio: wall / task,
    avgCores,
    peakCores: peak,
    tasks,
    peakRss: mem.peakRss,
  };
  const claims: Claim[] = [finishedClaim(run)];
  const who = `${runtime} ${model}`;
  const tookVsOne = (bound: string) =>
    concatText(
      {
        en: `${tasks} tasks took ${fmt(wall, 0)} ms, one task ${fmt(task, 0)} ms: ${fmt(wall / task)}×`,
        zh: `${tasks} 个任务共耗时 ${fmt(wall, 0)} ms，单个任务 ${fmt(task, 0)} ms：${fmt(wall / task)}×`,
      },
      claimBound(bound),
    );

  if (model === 'threads' || model === 'async') {
    claims.push(
      claim(
        `${who}: ${tasks} IO tasks overlap their waits and finish in ≤ 1.5 × one task's time`,
        `${who}：${tasks} 个 IO 任务的等待相互重叠，总耗时 ≤ 1.5 × 单个任务的耗时`,
        wall <= 1.5 * task,
        tookVsOne('≤ 1.5×'),
      ),
      claim(
        `${who}: waiting costs little CPU (≤ 0.5 cores on average)`,
        `${who}：等待几乎不占 CPU（平均 ≤ 0.5 个核）`,
        Number.isFinite(avgCores) && avgCores <= 0.5,
        concatText(
          n
            ? { en: `${fmt(avgCores)} cores on average over ${samplesEn(n)}`, zh: `在 ${n} 个样本中平均使用 ${fmt(avgCores)} 个核` }
            : {
                en: `${fmt(avgCores)} cores on average (from the program’s CPU time)`,
                zh: `平均使用 ${fmt(avgCores)} 个核（由程序自身的 CPU 时间算出）`,
              },
          claimBound('≤ 0.5'),
        ),
      ),
    );
  } else if (model === 'processes' || model === 'pool') {
    const spawn = num(r.spawn_ms);
    claims.push(
      claim(
        `${who}: starting processes has a measurable cost`,
        `${who}：启动进程有可测量的开销`,
        spawn !== null && spawn > 0,
        spawn !== null
          ? {
              en: `${fmt(spawn, 1)} ms per process start (measured by the program)`,
              zh: `每启动一个进程 ${fmt(spawn, 1)} ms（由程序测得）`,
            }
          : { en: 'no spawn_ms in the result', zh: '结果中没有 spawn_ms' },
      ),
    );
    // Memory: the engine's summed RSS of the run's processes against the parent alone;
    // if no sample caught the children alive, the program's own report (ru_maxrss).
    let total = mem.peakRss;
    let base = mem.rootPeakRss;
    let source = { en: `engine samples, ${mem.peakProcs} processes at peak`, zh: `引擎采样，峰值时有 ${mem.peakProcs} 个进程` };
    const childKb = num(r.children_rss_kb);
    const parentKb = num(r.parent_rss_kb);
    if ((mem.peakProcs < 2 || base <= 0) && childKb !== null && parentKb !== null && parentKb > 0) {
      total = (childKb + parentKb) * 1024;
      base = parentKb * 1024;
      source = { en: 'reported by the program', zh: '由程序自己报告' };
    }
    figures.peakRss = total;
    figures.parentRss = base;
    claims.push(
      claim(
        `${who}: each process holds its own memory, so the run uses more than one process’s memory (≥ 1.5 × the parent)`,
        `${who}：每个进程有自己的内存，整个运行占用的内存多于单个进程（≥ 1.5 × 父进程）`,
        base > 0 && total >= 1.5 * base,
        concatText(
          {
            en: `peak ${mb(total)} in total vs ${mb(base)} for the parent alone: ${fmt(total / base)}×`,
            zh: `峰值合计 ${mb(total)}，父进程单独为 ${mb(base)}：${fmt(total / base)}×`,
          },
          paren(source),
        ),
      ),
    );
    if (spawn !== null) figures.spawnMs = spawn;
  } else {
    claims.push(
      claim(
        `${who}: tasks run one after another, so N tasks take about N × one task (≥ 0.8 × N × task)`,
        `${who}：任务一个接一个执行，N 个任务约需 N × 单个任务的时间（≥ 0.8 × N × 单任务）`,
        wall >= 0.8 * tasks * task,
        tookVsOne(`≥ ${fmt(0.8 * tasks, 1)}×`),
      ),
    );
  }
  return verdict(claims, figures);
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z
  .object({
    model: z.string(),
    tasks: z.number(),
    wall_ms: z.number(),
    task_ms: z.number(),
    cpu_ms: z.number(),
    parent_rss_kb: z.number(),
    spawn_ms: z.number(),
    children_rss_kb: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: ioBoundVerdict });
