import type { Claim, RunData, Verdict } from '../../../shared/model';
import {
  busySamples,
  claim,
  coresStats,
  finishedClaim,
  fmt,
  mb,
  memoryStats,
  mergedResult,
  num,
  paramNum,
  paramStr,
  verdict,
  wallMs,
} from './common';

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
  const { avg, peak, n } = coresStats(busySamples(run));
  // Without samples, the program's own CPU time over its wall time says the same thing.
  const cpuMs = num(r.cpu_ms);
  const avgCores = n > 0 ? avg : cpuMs !== null && wall > 0 ? cpuMs / wall : NaN;
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

  if (model === 'threads' || model === 'async') {
    claims.push(
      claim(
        `${who}: ${tasks} IO tasks overlap their waits and finish in ≤ 1.5 × one task's time`,
        `${who}：${tasks} 个 IO 任务的等待相互重叠，总耗时 ≤ 1.5 × 单个任务的耗时`,
        wall <= 1.5 * task,
        `${tasks} tasks took ${fmt(wall, 0)} ms, one task ${fmt(task, 0)} ms: ${fmt(wall / task)}× (claim: ≤ 1.5×)`,
      ),
      claim(
        `${who}: waiting costs little CPU (≤ 0.5 cores on average)`,
        `${who}：等待几乎不占 CPU（平均 ≤ 0.5 个核）`,
        Number.isFinite(avgCores) && avgCores <= 0.5,
        `${fmt(avgCores)} cores on average${n ? ` over ${n} samples` : ' (from the program’s CPU time)'} (claim: ≤ 0.5)`,
      ),
    );
  } else if (model === 'processes' || model === 'pool') {
    const spawn = num(r.spawn_ms);
    claims.push(
      claim(
        `${who}: starting processes has a measurable cost`,
        `${who}：启动进程有可测量的开销`,
        spawn !== null && spawn > 0,
        spawn !== null ? `${fmt(spawn, 1)} ms per process start (measured by the program)` : 'no spawn_ms in the result',
      ),
    );
    // Memory: the engine's summed RSS of the run's processes against the parent alone;
    // if no sample caught the children alive, the program's own report (ru_maxrss).
    let total = mem.peakRss;
    let base = mem.rootPeakRss;
    let source = `engine samples, ${mem.peakProcs} processes at peak`;
    const childKb = num(r.children_rss_kb);
    const parentKb = num(r.parent_rss_kb);
    if ((mem.peakProcs < 2 || base <= 0) && childKb !== null && parentKb !== null && parentKb > 0) {
      total = (childKb + parentKb) * 1024;
      base = parentKb * 1024;
      source = 'reported by the program';
    }
    figures.peakRss = total;
    figures.parentRss = base;
    claims.push(
      claim(
        `${who}: each process holds its own memory, so the run uses more than one process’s memory (≥ 1.5 × the parent)`,
        `${who}：每个进程有自己的内存，整个运行占用的内存多于单个进程（≥ 1.5 × 父进程）`,
        base > 0 && total >= 1.5 * base,
        `peak ${mb(total)} in total vs ${mb(base)} for the parent alone: ${fmt(total / base)}× (${source})`,
      ),
    );
    if (spawn !== null) figures.spawnMs = spawn;
  } else {
    claims.push(
      claim(
        `${who}: tasks run one after another, so N tasks take about N × one task (≥ 0.8 × N × task)`,
        `${who}：任务一个接一个执行，N 个任务约需 N × 单个任务的时间（≥ 0.8 × N × 单任务）`,
        wall >= 0.8 * tasks * task,
        `${tasks} tasks took ${fmt(wall, 0)} ms, one task ${fmt(task, 0)} ms: ${fmt(wall / task)}× (claim: ≥ ${fmt(0.8 * tasks, 1)}×)`,
      ),
    );
  }
  return verdict(claims, figures);
}
