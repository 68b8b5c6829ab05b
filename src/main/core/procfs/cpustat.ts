/** One CPU line of /proc/stat reduced to what utilization needs (clock ticks). */
export interface CpuTimes {
  busy: number;
  total: number;
}

export interface ProcStatSnapshot {
  /** The aggregate "cpu" line. */
  all: CpuTimes;
  /** "cpu0", "cpu1", … in order. */
  cores: CpuTimes[];
  /** Boot time, epoch seconds ("btime"), or null if absent. */
  btime: number | null;
}

/**
 * Parses /proc/stat. Idle = idle + iowait; total = user..steal. guest/guest_nice are left out
 * because the kernel already counts them inside user/nice.
 */
export function parseProcStat(text: string): ProcStatSnapshot {
  let all: CpuTimes = { busy: 0, total: 0 };
  const cores: CpuTimes[] = [];
  let btime: number | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu')) {
      const parts = line.trim().split(/\s+/);
      const name = parts[0] ?? '';
      const v = parts.slice(1, 9).map(Number);
      const total = v.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
      const idle = (v[3] ?? 0) + (v[4] ?? 0);
      const t = { busy: total - idle, total };
      if (name === 'cpu') all = t;
      else {
        const idx = Number(name.slice(3));
        if (Number.isInteger(idx)) cores[idx] = t;
      }
    } else if (line.startsWith('btime ')) {
      btime = Number(line.slice(6));
    }
  }
  return { all, cores: Array.from(cores, (c) => c ?? { busy: 0, total: 0 }), btime };
}

/** Utilization 0..100 between two readings; 0 when no time passed (first tick, or a core came online). */
export function utilization(prev: CpuTimes | undefined, cur: CpuTimes): number {
  if (!prev) return 0;
  const dt = cur.total - prev.total;
  if (dt <= 0) return 0;
  const pct = ((cur.busy - prev.busy) / dt) * 100;
  return Math.min(100, Math.max(0, pct));
}

export function coreUtilization(prev: ProcStatSnapshot | null, cur: ProcStatSnapshot): { cores: number[]; total: number } {
  return {
    cores: cur.cores.map((c, i) => utilization(prev?.cores[i], c)),
    total: utilization(prev?.all, cur.all),
  };
}
