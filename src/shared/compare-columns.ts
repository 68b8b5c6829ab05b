import { fmtBytes, fmtEfficiency, fmtFixed, fmtMs, fmtPeakMem, fmtSpeedup } from './format';
import type { I18nText } from './model';
import type { CompareRow } from './results';

/**
 * The figures a comparison shows, once, for every place that shows them: the CLI's `compare`
 * table, the HTML, Markdown and CSV reports and the UI's compare table. A new figure is one
 * entry here (plus its value in `CompareRow`, computed in core/runs/compare.ts).
 */
export interface CompareColumn {
  /** The CompareRow field it shows; also its CSV header. */
  id: string;
  /** The UI's row label. */
  label: I18nText;
  /** The reports' column header (short). */
  head: I18nText;
  /** The CLI's column header, or absent where the terminal table leaves it out (width). */
  cli?: string;
  /** Which of the HTML report's two tables (time, resources) holds it. */
  part: 'time' | 'resources';
  text: (r: CompareRow) => string;
  /** The plain value (CSV, ranking); null where there is none. */
  raw: (r: CompareRow) => number | null;
  /** For marking the best run: bigger or smaller is better. */
  better?: 'lower' | 'higher';
  /** False where the CSV carries the figure its own way (peak memory: bytes + source, at the end). */
  csv?: false;
  /** What the figure means, where its name alone does not say: the UI's tooltip on its row. */
  help?: I18nText;
}

const count = (n: number | null): string => (n === null ? '—' : String(n));

export const COMPARE_COLUMNS: readonly CompareColumn[] = [
  {
    id: 'wallMs',
    label: { en: 'Wall time', zh: '墙钟时间' },
    head: { en: 'Wall', zh: '墙钟' },
    cli: 'WALL',
    part: 'time',
    text: (r) => fmtMs(r.wallMs),
    raw: (r) => r.wallMs,
    better: 'lower',
  },
  {
    id: 'cpuUserMs',
    label: { en: 'CPU time (user)', zh: 'CPU 时间（用户态）' },
    head: { en: 'CPU user', zh: '用户态 CPU' },
    part: 'time',
    text: (r) => fmtMs(r.cpuUserMs),
    raw: (r) => r.cpuUserMs,
  },
  {
    id: 'cpuSysMs',
    label: { en: 'CPU time (system)', zh: 'CPU 时间（内核态）' },
    head: { en: 'CPU sys', zh: '内核态 CPU' },
    part: 'time',
    text: (r) => fmtMs(r.cpuSysMs),
    raw: (r) => r.cpuSysMs,
  },
  {
    id: 'avgCores',
    label: { en: 'Average cores used', zh: '平均使用核心数' },
    head: { en: 'Avg cores', zh: '平均核心' },
    cli: 'AVG CORES',
    part: 'time',
    text: (r) => fmtFixed(r.avgCores),
    raw: (r) => r.avgCores,
    better: 'higher',
  },
  {
    id: 'peakCores',
    label: { en: 'Peak cores used', zh: '峰值使用核心数' },
    head: { en: 'Peak cores', zh: '峰值核心' },
    cli: 'PEAK',
    part: 'time',
    text: (r) => fmtFixed(r.peakCores),
    raw: (r) => r.peakCores,
  },
  {
    id: 'speedup',
    label: { en: 'Speedup vs baseline', zh: '相对基准的加速比' },
    head: { en: 'Speedup', zh: '加速比' },
    cli: 'SPEEDUP',
    part: 'time',
    text: (r) => fmtSpeedup(r.speedup),
    raw: (r) => r.speedup,
    better: 'higher',
  },
  {
    id: 'efficiency',
    label: { en: 'Parallel efficiency', zh: '并行效率' },
    help: {
      en: 'Speedup ÷ min(workers, cores): the share of the ideal speed-up this run reached against a one-worker (sequential) run of the same program. Shown only when the baseline ran one worker and this run could use more than one core; "—" elsewhere.',
      zh: '加速比 ÷ min(工作者数, 核数)：相对同一程序的单工作者（顺序）运行，本次运行达到理想加速比的比例。仅当基准只有一个工作者、且本次运行能用到多于一个核时显示；其他情况显示“—”。',
    },
    head: { en: 'Efficiency', zh: '并行效率' },
    cli: 'EFFICIENCY',
    part: 'time',
    text: (r) => fmtEfficiency(r.efficiency),
    raw: (r) => r.efficiency,
  },
  {
    id: 'peakRss',
    label: { en: 'Peak RSS (sum of processes)', zh: '峰值 RSS（各进程之和）' },
    head: { en: 'Peak RSS', zh: '峰值 RSS' },
    cli: 'PEAK RSS',
    part: 'resources',
    text: (r) => fmtBytes(r.peakRss),
    raw: (r) => r.peakRss,
    better: 'lower',
  },
  {
    id: 'peakMem',
    label: { en: 'Peak memory (kernel, whole run)', zh: '峰值内存（内核计，整个运行）' },
    head: { en: 'Peak memory (kernel)', zh: '峰值内存（内核计）' },
    cli: 'PEAK MEM (KERNEL)',
    part: 'resources',
    text: (r) => fmtPeakMem(r),
    raw: (r) => r.peakMem ?? null,
    better: 'lower',
    csv: false,
  },
  {
    id: 'procsStarted',
    label: { en: 'Processes started', zh: '启动的进程数' },
    head: { en: 'Processes', zh: '启动的进程' },
    cli: 'PROCS',
    part: 'resources',
    text: (r) => count(r.procsStarted),
    raw: (r) => r.procsStarted,
  },
  {
    id: 'procsPeak',
    label: { en: 'Processes alive at once (peak)', zh: '同时存活的进程数（峰值）' },
    head: { en: 'Peak processes', zh: '峰值进程' },
    part: 'resources',
    text: (r) => count(r.procsPeak ?? null),
    raw: (r) => r.procsPeak ?? null,
  },
  {
    id: 'threadsPeak',
    label: { en: 'Threads (peak)', zh: '线程数（峰值）' },
    head: { en: 'Peak threads', zh: '峰值线程' },
    part: 'resources',
    text: (r) => count(r.threadsPeak),
    raw: (r) => r.threadsPeak,
  },
  {
    id: 'spawnLatencyMs',
    label: { en: 'Spawn latency', zh: '启动延迟' },
    head: { en: 'Spawn latency', zh: '启动延迟' },
    part: 'resources',
    text: (r) => fmtMs(r.spawnLatencyMs),
    raw: (r) => r.spawnLatencyMs,
  },
  {
    id: 'ctxSwitches',
    label: { en: 'Context switches', zh: '上下文切换次数' },
    head: { en: 'Ctx switches', zh: '上下文切换' },
    part: 'resources',
    text: (r) => count(r.ctxSwitches),
    raw: (r) => r.ctxSwitches,
  },
];

/** Index of the best run for a figure, or -1 when there is nothing to rank. */
export function bestIndex(rows: readonly CompareRow[], c: Pick<CompareColumn, 'better' | 'raw'>): number {
  // A run cut short or of another program is no one's "best", nor the rival that makes another one best.
  if (!c.better || rows.filter((r) => !r.unrelated && !r.abnormal).length < 2) return -1;
  let best = -1;
  let bestV = 0;
  rows.forEach((r, i) => {
    if (r.unrelated || r.abnormal) return;
    const v = c.raw(r);
    if (v === null || !Number.isFinite(v)) return;
    if (best === -1 || (c.better === 'lower' ? v < bestV : v > bestV)) {
      best = i;
      bestV = v;
    }
  });
  return best;
}
