/**
 * Per-second rates of monotonically growing counters, keyed by whatever names one thing for its
 * whole life ("pid:startTime", a device name). The first reading of a key has no rate (0), a
 * counter that went backwards (device reset, reused key) restarts from it.
 */
export class RateTracker {
  private last = new Map<string, { at: number; values: number[]; seen: boolean }>();

  rates(key: string, values: number[], now: number): number[] {
    const prev = this.last.get(key);
    this.last.set(key, { at: now, values, seen: true });
    if (!prev) return values.map(() => 0);
    const dt = (now - prev.at) / 1000;
    return values.map((v, i) => {
      const d = v - (prev.values[i] ?? v);
      return dt > 0 && d > 0 ? d / dt : 0;
    });
  }

  /** Forgets keys not read since the previous sweep (processes gone, rows no longer shown). */
  sweep(): void {
    for (const [k, v] of this.last) {
      if (!v.seen) this.last.delete(k);
      else v.seen = false;
    }
  }
}
