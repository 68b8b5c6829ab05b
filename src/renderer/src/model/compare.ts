import type { Comparison, CompareRow, SeriesPoint } from '../../../shared/results';
import type { MsgKey } from '../i18n/messages';
import { fmtBytes, fmtMs, fmtNum } from '../../../shared/format';

export type OverlayRow = { t: number } & Record<string, number | null>;

/**
 * Overlays the runs' series on one time axis (seconds since each run's start): one row per
 * distinct time, one column per run id. Runs are sampled at their own ticks, so a run
 * without a point at that time gets null (recharts bridges it with connectNulls).
 */
export function overlay(series: Comparison['series'], value: (p: SeriesPoint) => number | undefined, maxRows = 600): OverlayRow[] {
  const rows = new Map<number, OverlayRow>();
  for (const s of series) {
    for (const p of s.points) {
      const v = value(p);
      if (v === undefined || !Number.isFinite(v)) continue;
      const t = Math.round(p.t / 100) / 10; // 0.1 s buckets
      let row = rows.get(t);
      if (!row) rows.set(t, (row = { t } as OverlayRow));
      row[s.runId] = v;
    }
  }
  const out = [...rows.values()].sort((a, b) => a.t - b.t);
  if (out.length <= maxRows) return out;
  const step = out.length / maxRows;
  const thinned: OverlayRow[] = [];
  for (let i = 0; i < maxRows; i++) thinned.push(out[Math.floor(i * step)]!);
  return thinned;
}

/** Which value of a series point a chart shows: cores, rss, or a scenario metric by name. */
export type SeriesField = 'cores' | 'rss' | `metric:${string}`;

export function seriesValue(field: SeriesField): (p: SeriesPoint) => number | undefined {
  if (field === 'cores') return (p) => p.cores;
  if (field === 'rss') return (p) => p.rss;
  const name = field.slice('metric:'.length);
  return (p) => p.metrics[name];
}

export function metricNames(series: Comparison['series']): string[] {
  const names = new Set<string>();
  for (const s of series) for (const p of s.points) for (const k of Object.keys(p.metrics)) names.add(k);
  return [...names].sort();
}

export interface CompareField {
  label: MsgKey;
  value: (r: CompareRow) => string;
  /** For highlighting the best run: bigger or smaller is better. */
  better?: 'lower' | 'higher';
  raw?: (r: CompareRow) => number | null;
  /** What the figure means, shown as the row header's tooltip. */
  help?: MsgKey;
}

export const COMPARE_FIELDS: readonly CompareField[] = [
  { label: 'compare.wall', value: (r) => fmtMs(r.wallMs), better: 'lower', raw: (r) => r.wallMs },
  { label: 'compare.cpuUser', value: (r) => fmtMs(r.cpuUserMs) },
  { label: 'compare.cpuSys', value: (r) => fmtMs(r.cpuSysMs) },
  { label: 'compare.avgCores', value: (r) => fmtNum(r.avgCores), better: 'higher', raw: (r) => r.avgCores },
  { label: 'compare.peakCores', value: (r) => fmtNum(r.peakCores) },
  { label: 'compare.speedup', value: (r) => (r.speedup === null ? '—' : `${fmtNum(r.speedup)}×`), better: 'higher', raw: (r) => r.speedup },
  {
    label: 'compare.efficiency',
    value: (r) => (r.efficiency === null ? '—' : `${Math.round(r.efficiency * 100)} %`),
    help: 'compare.efficiencyHelp',
  },
  { label: 'compare.peakRss', value: (r) => fmtBytes(r.peakRss), better: 'lower', raw: (r) => r.peakRss },
  {
    label: 'compare.peakMem',
    value: (r) => (r.peakMem == null || !r.memorySource ? '—' : `${fmtBytes(r.peakMem)} (${r.memorySource})`),
    better: 'lower',
    raw: (r) => r.peakMem ?? null,
  },
  { label: 'compare.procs', value: (r) => String(r.procsStarted) },
  { label: 'compare.threads', value: (r) => String(r.threadsPeak) },
  { label: 'compare.spawn', value: (r) => fmtMs(r.spawnLatencyMs) },
  { label: 'compare.ctx', value: (r) => (r.ctxSwitches === null ? '—' : String(r.ctxSwitches)) },
];

/** Index of the best run for a field, or -1 when there is nothing to rank. */
export function bestIndex(rows: readonly CompareRow[], f: CompareField): number {
  // A run cut short or of another program is no one's "best", nor the rival that makes another one best.
  if (!f.better || !f.raw || rows.filter((r) => !r.unrelated && !r.abnormal).length < 2) return -1;
  let best = -1;
  let bestV = 0;
  rows.forEach((r, i) => {
    if (r.unrelated || r.abnormal) return;
    const v = f.raw!(r);
    if (v === null || !Number.isFinite(v)) return;
    if (best === -1 || (f.better === 'lower' ? v < bestV : v > bestV)) {
      best = i;
      bestV = v;
    }
  });
  return best;
}

/** Distinguishable series colours; the charts also vary dash patterns so they read in grayscale. */
export const SERIES_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
export const SERIES_DASHES = ['', '6 3', '2 3', '10 4 2 4', '4 4', '1 2', '8 2', '3 6'];
