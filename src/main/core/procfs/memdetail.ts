/** The /proc/meminfo breakdown monitors show, in bytes. */
export interface MemDetail {
  total: number;
  free: number;
  available: number;
  /** total − free − buffers − cached: what programs hold (htop's "used"). */
  used: number;
  buffers: number;
  /** Page cache plus reclaimable slab, minus shared memory (which cannot simply be dropped), as htop and free(1) count it. */
  cached: number;
  shared: number;
  swapTotal: number;
  swapFree: number;
  swapUsed: number;
  /** Swapped pages that are also still in RAM. */
  swapCached: number;
}

export function parseMemDetail(text: string): MemDetail {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)/.exec(line);
    if (m) kb.set(m[1] as string, Number(m[2]) * 1024);
  }
  const g = (k: string): number => kb.get(k) ?? 0;
  const total = g('MemTotal');
  const free = g('MemFree');
  const buffers = g('Buffers');
  const shared = g('Shmem');
  const cached = Math.max(0, g('Cached') + g('SReclaimable') - shared);
  const swapTotal = g('SwapTotal');
  const swapFree = g('SwapFree');
  return {
    total,
    free,
    available: kb.get('MemAvailable') ?? free,
    used: Math.max(0, total - free - buffers - cached),
    buffers,
    cached,
    shared,
    swapTotal,
    swapFree,
    swapUsed: Math.max(0, swapTotal - swapFree),
    swapCached: g('SwapCached'),
  };
}
