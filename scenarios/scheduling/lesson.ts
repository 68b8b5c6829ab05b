import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import { claim, concatText, defineLesson, fmt, joinText, num, outputsOf, paramNum, verdict } from '../../src/main/core/lessons/kit';

/** The kernel's CFS weight per nice value (kernel/sched/core.c sched_prio_to_weight), ≈ 1024 × 1.25^-nice. */
export const NICE_WEIGHTS: Record<number, number> = {
  '-20': 88761,
  '-19': 71755,
  '-18': 56483,
  '-17': 46273,
  '-16': 36291,
  '-15': 29154,
  '-14': 23254,
  '-13': 18705,
  '-12': 14949,
  '-11': 11916,
  '-10': 9548,
  '-9': 7620,
  '-8': 6100,
  '-7': 4904,
  '-6': 3906,
  '-5': 3121,
  '-4': 2501,
  '-3': 1991,
  '-2': 1586,
  '-1': 1277,
  0: 1024,
  1: 820,
  2: 655,
  3: 526,
  4: 423,
  5: 335,
  6: 272,
  7: 215,
  8: 172,
  9: 137,
  10: 110,
  11: 87,
  12: 70,
  13: 56,
  14: 45,
  15: 36,
  16: 29,
  17: 23,
  18: 18,
  19: 15,
};

export function niceWeight(nice: number): number {
  return NICE_WEIGHTS[Math.max(-20, Math.min(19, Math.round(nice)))] ?? 1024 * 1.25 ** -nice;
}

/**
 * scheduling: processes pinned to one core share it in proportion to their CFS weights
 * (nice 0 → 1024, each nice step ≈ 1.25× less), and the FCFS / SJF / RR simulation shows
 * that shortest-job-first minimises the average waiting time.
 */
export function schedulingVerdict(run: RunData): Verdict {
  const tol = paramNum(run, 'tolerance', 0.06);
  const results = outputsOf(run, 'result').map((o) => o.data ?? {});
  const kids = results
    .filter((d) => num(d.cpu_ms) !== null && num(d.nice) !== null)
    .map((d) => ({ nice: num(d.nice)!, cpu: num(d.cpu_ms)!, pinned: num(d.cpus), pid: num(d.pid) }));
  const totalCpu = kids.reduce((a, k) => a + k.cpu, 0);
  const totalW = kids.reduce((a, k) => a + niceWeight(k.nice), 0);
  const rows = kids.map((k) => ({ ...k, share: totalCpu > 0 ? k.cpu / totalCpu : 0, expected: niceWeight(k.nice) / totalW }));
  const worst = rows.reduce((a, k) => Math.max(a, Math.abs(k.share - k.expected)), 0);
  const figures: Record<string, number> = { children: rows.length, worstShareError: worst, tolerance: tol };
  rows.forEach((k, i) => {
    figures[`share${i}_nice${k.nice}`] = k.share;
    figures[`expected${i}_nice${k.nice}`] = k.expected;
  });

  const sims: Record<string, number> = {};
  for (const d of results) {
    const name = typeof d.sim === 'string' ? d.sim : null;
    const w = num(d.avg_wait);
    if (name && w !== null) sims[name.toLowerCase()] = w;
  }
  for (const [k, v] of Object.entries(sims)) figures[`avgWait_${k}`] = v;
  const sjf = sims.sjf;
  const others = Object.entries(sims).filter(([k]) => k !== 'sjf');

  const claims: Claim[] = [
    claim(
      'All the CPU-bound children were pinned to one core',
      '所有计算型子进程都被绑定到同一个核上',
      rows.length >= 2 && rows.every((k) => k.pinned === 1),
      concatText(
        { en: `${rows.length} children, allowed cores each: `, zh: `${rows.length} 个子进程，各自允许使用的核数：` },
        joinText(rows.map((k) => String(k.pinned ?? '?'))),
      ),
    ),
    claim(
      `Their CPU shares follow the nice weights (1024 × 1.25^-nice) within ±${fmt(tol)}`,
      `它们的 CPU 份额符合 nice 权重（1024 × 1.25^-nice），误差在 ±${fmt(tol)} 以内`,
      rows.length >= 2 && worst <= tol,
      rows.length
        ? joinText(
            [
              ...rows.map((k) => ({
                en: `nice ${k.nice}: ${fmt(k.share * 100, 1)} % (expected ${fmt(k.expected * 100, 1)} %)`,
                zh: `nice ${k.nice}：${fmt(k.share * 100, 1)} %（预期 ${fmt(k.expected * 100, 1)} %）`,
              })),
              { en: `worst error ${fmt(worst, 3)}`, zh: `最大误差 ${fmt(worst, 3)}` },
            ],
            'clause',
          )
        : { en: 'no child reported its CPU time', zh: '没有子进程报告自己的 CPU 时间' },
    ),
    claim(
      'Simulation: shortest-job-first gives the lowest average waiting time',
      '模拟：短作业优先（SJF）的平均等待时间最短',
      sjf !== undefined && others.length > 0 && others.every(([, v]) => sjf <= v),
      Object.keys(sims).length
        ? concatText(
            // The English has only ever named the policies; the Chinese labels the figures so it is not bare notation.
            { en: '', zh: '平均等待时间：' },
            joinText(Object.entries(sims).map(([k, v]) => `${k.toUpperCase()} ${fmt(v, 1)}`)),
          )
        : { en: 'no simulation results', zh: '没有模拟结果' },
    ),
  ];
  return verdict(claims, figures);
}

/** The fields of this scenario's result lines (each line has some of them). */
const result = z
  .object({
    child: z.number(),
    pid: z.number(),
    nice: z.number(),
    cpu_ms: z.number(),
    wall_ms: z.number(),
    cpus: z.number(),
    sim: z.string(),
    jobs: z.string(),
    avg_wait: z.number(),
    waits: z.string(),
  })
  .partial();

export default defineLesson({ result, verdict: schedulingVerdict });
