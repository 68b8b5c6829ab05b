/**
 * CPU % of one core from cumulative CPU ticks, per task (process or thread). Keyed by a path
 * plus the task's start time so a reused pid/tid never inherits another task's history.
 */
export class CpuTracker {
  private last = new Map<string, { startTime: number; ticks: number; atMs: number }>();
  private seen = new Set<string>();

  constructor(
    private readonly clkTck: number,
    private readonly startedAtMs: (startTime: number) => number,
  ) {}

  /** nowMs: a monotonic-ish wall clock (Date.now() is fine at tick granularity). */
  update(key: string, startTime: number, ticks: number, nowMs: number): number {
    this.seen.add(key);
    const prev = this.last.get(key);
    this.last.set(key, { startTime, ticks, atMs: nowMs });
    const cpuMs = (ticks * 1000) / this.clkTck;
    if (!prev || prev.startTime !== startTime) {
      // First sight: the average since the task started is the best honest figure we have.
      const aliveMs = nowMs - this.startedAtMs(startTime);
      return aliveMs > 50 ? clampPct((cpuMs / aliveMs) * 100) : 0;
    }
    const dtMs = nowMs - prev.atMs;
    if (dtMs <= 0) return 0;
    return clampPct((((ticks - prev.ticks) * 1000) / this.clkTck / dtMs) * 100);
  }

  /** Forgets tasks not updated since the previous call (they exited or are no longer watched). */
  sweep(): void {
    for (const k of this.last.keys()) if (!this.seen.has(k)) this.last.delete(k);
    this.seen.clear();
  }
}

function clampPct(v: number): number {
  return Number.isFinite(v) && v > 0 ? v : 0;
}
