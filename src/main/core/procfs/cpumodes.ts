/** CPU time by mode, in clock ticks, as the kernel counts it in /proc/stat. */
export interface CpuModeTicks {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
export type CpuMode = (typeof CPU_MODES)[number];

export interface CpuModeSnapshot {
  all: CpuModeTicks;
  cores: CpuModeTicks[];
}

const zero = (): CpuModeTicks => ({ user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0 });

/**
 * Every cpu line of /proc/stat split by mode. guest/guest_nice are not modes of their own:
 * the kernel already counts them inside user/nice.
 */
export function parseCpuModes(text: string): CpuModeSnapshot {
  let all = zero();
  const cores: CpuModeTicks[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const p = line.trim().split(/\s+/);
    const t = zero();
    CPU_MODES.forEach((m, i) => {
      const v = Number(p[i + 1]);
      t[m] = Number.isFinite(v) ? v : 0;
    });
    const name = p[0] as string;
    if (name === 'cpu') all = t;
    else {
      const idx = Number(name.slice(3));
      if (Number.isInteger(idx)) cores[idx] = t;
    }
  }
  return { all, cores: Array.from(cores, (c) => c ?? zero()) };
}

/** Share of each mode between two readings, percent of that CPU's time (sums to 100; zeros when no time passed). */
export function cpuModeShares(prev: CpuModeTicks | undefined, cur: CpuModeTicks): CpuModeTicks {
  const out = zero();
  if (!prev) return out;
  let total = 0;
  for (const m of CPU_MODES) total += Math.max(0, cur[m] - prev[m]);
  if (total <= 0) return out;
  for (const m of CPU_MODES) out[m] = (Math.max(0, cur[m] - prev[m]) / total) * 100;
  return out;
}
