import { escapeHtml } from './common';

/**
 * A small, dependency-free SVG line chart for the HTML report: inline, so the report opens
 * offline and prints as vectors. One line per run, a shared x axis in seconds from run start.
 */
export interface ChartSeries {
  name: string;
  color: string;
  /** [x in ms since run start, y] */
  points: Array<[number, number]>;
}

export interface ChartOptions {
  title: string;
  /** Id for the <svg>, so tests and CSS can find a chart. */
  id: string;
  series: ChartSeries[];
  /** Tick label; `step` is the tick spacing, so labels can share one number of decimals. */
  formatY: (y: number, step: number) => string;
  /** The y axis starts at 0 and reaches at least this (e.g. the core count for "cores used"). */
  minYMax?: number;
  /** A dashed reference line, e.g. the machine's core count. */
  refLine?: { y: number; label: string };
}

/** Okabe–Ito: distinguishable for colour-blind readers and in greyscale print. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

const W = 760;
const H = 280;
const M = { left: 64, right: 16, top: 30, bottom: 40 };

export function niceStep(range: number, ticks = 5): number {
  if (!(range > 0)) return 1;
  const raw = range / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

export function lineChart(o: ChartOptions): string {
  const all = o.series.flatMap((s) => s.points);
  // Inline SVG in HTML needs no xmlns, which keeps the report free of any URL at all.
  const xMaxRaw = all.reduce((m, p) => Math.max(m, p[0]), 1);
  const yMaxRaw = all.reduce((m, p) => Math.max(m, p[1]), Math.max(o.minYMax ?? 0, o.refLine?.y ?? 0));
  const yStep = niceStep(yMaxRaw || 1);
  const yMax = Math.max(yStep, Math.ceil((yMaxRaw || 1) / yStep) * yStep);
  const xStep = niceStep(xMaxRaw);
  const xMax = Math.ceil(xMaxRaw / xStep) * xStep;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => M.left + (x / xMax) * pw;
  const sy = (y: number) => M.top + ph - (Math.max(0, y) / yMax) * ph;
  const f = (n: number) => n.toFixed(1);

  const parts: string[] = [];
  parts.push(`<svg id="${escapeHtml(o.id)}" class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(o.title)}">`);
  parts.push(`<title>${escapeHtml(o.title)}</title>`);
  parts.push(`<text x="${M.left}" y="18" class="chart-title">${escapeHtml(o.title)}</text>`);
  for (let y = 0; y <= yMax + yStep / 1e6; y += yStep) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${f(sy(y))}" y2="${f(sy(y))}" class="grid"/>`);
    parts.push(`<text x="${M.left - 6}" y="${f(sy(y) + 4)}" text-anchor="end" class="tick">${escapeHtml(o.formatY(y, yStep))}</text>`);
  }
  for (let x = 0; x <= xMax + xStep / 1e6; x += xStep) {
    parts.push(`<line x1="${f(sx(x))}" x2="${f(sx(x))}" y1="${M.top + ph}" y2="${M.top + ph + 4}" class="axis"/>`);
    parts.push(`<text x="${f(sx(x))}" y="${M.top + ph + 16}" text-anchor="middle" class="tick">${escapeHtml(fmtSeconds(x, xStep))}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" class="axis"/>`);
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" class="axis"/>`);
  parts.push(
    `<text x="${M.left + pw / 2}" y="${H - 6}" text-anchor="middle" class="tick">seconds since run start · 自运行开始的秒数</text>`,
  );
  if (o.refLine) {
    const y = f(sy(o.refLine.y));
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" class="ref"/>`);
    parts.push(
      `<text x="${W - M.right - 4}" y="${f(sy(o.refLine.y) - 4)}" text-anchor="end" class="tick">${escapeHtml(o.refLine.label)}</text>`,
    );
  }
  for (const s of o.series) {
    if (!s.points.length) continue;
    const color = escapeHtml(s.color);
    if (s.points.length === 1) {
      const [x, y] = s.points[0]!;
      parts.push(`<circle cx="${f(sx(x))}" cy="${f(sy(y))}" r="3" fill="${color}"><title>${escapeHtml(s.name)}</title></circle>`);
      continue;
    }
    const d = s.points.map(([x, y]) => `${f(sx(x))},${f(sy(y))}`).join(' ');
    parts.push(
      `<polyline points="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"><title>${escapeHtml(s.name)}</title></polyline>`,
    );
  }
  // Legend along the top right, one swatch per run.
  let lx = W - M.right;
  const legend: string[] = [];
  for (const s of [...o.series].reverse()) {
    const label = s.name.length > 28 ? s.name.slice(0, 27) + '…' : s.name;
    const width = 18 + textWidth(label);
    lx -= width + 10;
    legend.push(`<rect x="${f(lx)}" y="9" width="12" height="4" fill="${escapeHtml(s.color)}"/>`);
    legend.push(`<text x="${f(lx + 16)}" y="15" class="legend">${escapeHtml(label)}</text>`);
  }
  if (lx > M.left + o.title.length * 7) parts.push(...legend);
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A legend label's width in px at its 11 px font: a CJK or full-width character takes about two
 * Latin ones (counting every character at the Latin width made Chinese run names overlap).
 */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! >= 0x2e80 ? 11.5 : 6.2;
  return w;
}

/** Decimals that tell ticks `step` apart: 0 for 1, 1 for 0.5, 2 for 0.25. */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 6; d++) if (Math.abs(step * 10 ** d - Math.round(step * 10 ** d)) < 1e-9) return d;
  return 6;
}

function fmtSeconds(ms: number, step: number): string {
  const s = ms / 1000;
  return step >= 1000 ? String(Math.round(s)) : s.toFixed(step >= 100 ? 1 : 2);
}
