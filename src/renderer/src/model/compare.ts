import type { Comparison, SeriesPoint } from '../../../shared/results';

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

/** Distinguishable series colours; the charts also vary dash patterns so they read in grayscale. */
export const SERIES_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
export const SERIES_DASHES = ['', '6 3', '2 3', '10 4 2 4', '4 4', '1 2', '8 2', '3 6'];
