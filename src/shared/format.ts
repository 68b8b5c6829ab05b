import type { CompareRow } from './results';

/**
 * The one set of formatters (pure, locale-neutral) for the renderer, the CLI and the reports.
 * A unit is set off by a space, the percent sign too ("84 %", "12 MiB", "250 ms"; ISO 80000-1),
 * and a missing value reads "—".
 */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${UNITS[u]}`;
}

export function fmtPct(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toFixed(digits);
}

/** A measured value: a whole number as it is ("42"), else `digits` decimals. */
export function fmtNum(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

/** A figure in a column of figures: always `digits` decimals, so they line up ("1.00", "2.50"). */
export function fmtFixed(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toFixed(digits);
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} min ${s} s`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function fmtClock(ts: number | null | undefined): string {
  if (!ts) return '—';
  const d = new Date(ts);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function fmtDateTime(ts: number | null | undefined): string {
  if (!ts) return '—';
  const d = new Date(ts);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${fmtClock(ts)}`;
}

/** Seconds relative to a start, e.g. "+1.25 s". */
export function fmtOffset(ts: number, start: number): string {
  const s = (ts - start) / 1000;
  return `${s >= 0 ? '+' : ''}${s.toFixed(2)} s`;
}

export function fmtParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/** TIME+ as htop prints it: M:SS.cc under an hour, then HhMM:SS, then DdHHh. */
export function fmtCpuTime(ms: number): string {
  const cs = Math.max(0, Math.floor(ms / 10));
  const secs = Math.floor(cs / 100);
  const mins = Math.floor(secs / 60);
  const hours = Math.floor(mins / 60);
  const two = (n: number): string => String(n).padStart(2, '0');
  if (hours === 0) return `${mins}:${two(secs % 60)}.${two(cs % 100)}`;
  if (hours < 24) return `${hours}h${two(mins % 60)}:${two(secs % 60)}`;
  return `${Math.floor(hours / 24)}d${two(hours % 24)}h`;
}

/** A share as a whole percent, "84 %" (0.84 → "84 %"), or "—". */
export function fmtPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)} %`;
}

/** Speedup against the baseline, e.g. "1.84×", or "—" for a run without one. */
export function fmtSpeedup(speedup: number | null): string {
  return speedup === null ? '—' : `${fmtFixed(speedup)}×`;
}

/** Parallel efficiency as a whole percent, or "—". */
export function fmtEfficiency(efficiency: number | null): string {
  return fmtPercent(efficiency);
}

/** The kernel's peak for the whole run and how it was counted ("12 MiB (cgroup-v1)"), or "—". */
export function fmtPeakMem(r: Pick<CompareRow, 'peakMem' | 'memorySource'>): string {
  return r.peakMem == null || !r.memorySource ? '—' : `${fmtBytes(r.peakMem)} (${r.memorySource})`;
}

/** A moment in UTC for reports read anywhere: "2026-01-02 10:00:00 UTC". */
export function fmtDate(ms: number | null): string {
  return ms === null
    ? '—'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}
