/**
 * The reference lines every cores chart draws, so a reader sees at a glance what "1.1 cores"
 * means: one core (what one Python thread under the GIL can use), the machine's cores (the
 * ceiling), and the lesson's pass band where it has one.
 */
export interface CoreRef {
  key: 'one-core' | 'all-cores';
  y: number;
  stroke: string;
  dash: string;
}

export interface CoreBand {
  from: number;
  to: number;
}

/** The lesson's pass band: a shaded area, legend swatch of the same colour. */
export const BAND_FILL = 'var(--ok, #15803d)';
export const BAND_OPACITY = 0.12;

export function bandLegend(label: string): LegendItem {
  return { key: 'band', label, color: BAND_FILL, area: true };
}

export function coreRefs(cores: number): CoreRef[] {
  const out: CoreRef[] = [{ key: 'one-core', y: 1, stroke: 'var(--text)', dash: '5 4' }];
  // On a one-core machine the two lines are one.
  if (cores > 1) out.push({ key: 'all-cores', y: cores, stroke: 'var(--warn, #b26a00)', dash: '2 3' });
  return out;
}

/** A legend entry for every line a chart draws: its series and its reference lines. */
export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** Dash pattern of a line; absent: solid. */
  dash?: string;
  /** Filled area (a series drawn as an area), else a line. */
  area?: boolean;
}

/** The Y axis top: above the highest line, so the machine's line is not lost on the frame. */
export function coreAxisMax(cores: number, band?: CoreBand | null): number {
  return Math.max(1, cores, band?.to ?? 0) * 1.08;
}

/** Round ticks (0, 0.5, 1 … or whole cores on a big machine) so the 1-core line sits on a tick, not between 0.55 and 1.10. */
export function coreTicks(cores: number): number[] {
  const top = Math.max(1, cores);
  const step = top <= 4 ? 0.5 : Math.ceil(top / 8);
  const out: number[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) out.push(Math.round(v * 100) / 100);
  return out;
}
