/** Small, locale-neutral formatters shared by the views (pure). */
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

export function fmtNum(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
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
