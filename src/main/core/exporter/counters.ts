/**
 * Monotonic per-group counters built from per-process totals, as process-exporter does: a
 * group's CPU seconds must not drop when one of its processes exits, so each process adds only
 * what it gained since the last scrape (all of it when first seen) and the group keeps the sum.
 */
export class GroupCounters {
  private last = new Map<string, number[]>();
  private totals = new Map<string, number[]>();

  constructor(private readonly width: number) {}

  /** `key` names one process for its life (pid:startTime); `values` are its cumulative counters. */
  update(samples: Iterable<{ key: string; group: string; values: number[] }>): void {
    const next = new Map<string, number[]>();
    for (const s of samples) {
      const prev = this.last.get(s.key);
      let t = this.totals.get(s.group);
      if (!t) this.totals.set(s.group, (t = new Array<number>(this.width).fill(0)));
      for (let i = 0; i < this.width; i++) {
        const v = s.values[i] ?? 0;
        t[i] = (t[i] as number) + Math.max(0, v - (prev?.[i] ?? 0));
      }
      next.set(s.key, s.values);
    }
    this.last = next;
  }

  get(group: string): number[] {
    return this.totals.get(group) ?? new Array<number>(this.width).fill(0);
  }

  has(group: string): boolean {
    return this.totals.has(group);
  }

  get size(): number {
    return this.totals.size;
  }

  groups(): string[] {
    return [...this.totals.keys()];
  }
}
