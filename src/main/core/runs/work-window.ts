import type { RunData, RunSample } from '../../../shared/model';

/** The window where the program said it was working: first to last progress line. */
export function progressWindow(run: RunData): [number, number] | null {
  const p = run.outputs.filter((o) => o.kind === 'progress');
  if (p.length < 2) return null;
  return [p[0]!.ts, p[p.length - 1]!.ts];
}

/** Median gap between samples: the sampling interval as the engine actually ran it. */
export function sampleIntervalMs(run: RunData): number {
  const gaps: number[] = [];
  for (let i = 1; i < run.samples.length; i++) gaps.push(run.samples[i]!.ts - run.samples[i - 1]!.ts);
  if (!gaps.length) return 1000;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]! || 1000;
}

/**
 * The samples of the progress window. A sample at `ts` measures the interval before it, so
 * samples lying fully inside [start, end] come first; if none do (a short run), the ones
 * that overlap it. Null when the program printed no progress window.
 */
export function windowSamples(run: RunData): RunSample[] | null {
  const w = progressWindow(run);
  if (!w) return null;
  const iv = sampleIntervalMs(run);
  const inside = run.samples.filter((s) => s.ts - iv >= w[0] - 50 && s.ts <= w[1] + 50);
  if (inside.length) return inside;
  const overlap = run.samples.filter((s) => s.ts > w[0] && s.ts - iv < w[1]);
  return overlap.length ? overlap : null;
}

/**
 * Average cores the run used while it worked: over its progress window when it printed one
 * (start-up and calibration are not the work), else over every sample where it was alive;
 * each sample weighted by the interval it covers (its CPU% is measured since the previous
 * sample, the first one since run start), so a sample taken milliseconds after another does
 * not count as much as a whole second. The comparison table and the lessons both use this.
 */
export function workAverageCores(run: RunData): number {
  const chosen = new Set(windowSamples(run) ?? run.samples.filter((s) => s.procs.length > 0));
  let prev = run.info.startedAt;
  let weighted = 0;
  let total = 0;
  const plain: number[] = [];
  for (const s of run.samples) {
    const dt = Math.max(0, s.ts - prev);
    prev = Math.max(prev, s.ts);
    if (!chosen.has(s)) continue;
    const c = coresUsed(s);
    plain.push(c);
    weighted += c * dt;
    total += dt;
  }
  if (total > 0) return weighted / total;
  // All samples at one instant (or none): the plain mean.
  return plain.length ? plain.reduce((a, b) => a + b, 0) / plain.length : 0;
}

/**
 * Cores the run's processes used at one sample. CPU time comes in clock ticks (10 ms), so a
 * short sample of several processes can add up to a little more than the machine has; a
 * run cannot use more cores than exist, so the sum is capped at the sample's core count.
 */
export function coresUsed(s: RunSample): number {
  const used = s.procs.reduce((a, p) => a + (Number.isFinite(p.cpu) ? p.cpu : 0), 0) / 100;
  return s.cores.length ? Math.min(used, s.cores.length) : used;
}
