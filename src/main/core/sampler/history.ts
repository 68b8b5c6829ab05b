import type { HistoryPoint, ProcRow } from '../../../shared/model';
import { procKey } from '../../../shared/proc-key';

/** 10 minutes at one point per second. */
export const HISTORY_POINTS = 600;
const MIN_SPACING_MS = 1000;
/** At most this many processes keep a history: 2,048 × 600 points × 5 floats × 4 B ≈ 24 MB at worst. */
export const HISTORY_MAX_PROCS = 2048;
const FIELDS = 5; // t (s since the tracker began), cpu, rss, readBps, writeBps

class Ring {
  readonly buf = new Float32Array(HISTORY_POINTS * FIELDS);
  len = 0;
  head = 0;
  lastAt = -Infinity;
  seen = true;
}

/**
 * CPU, RSS and disk I/O of every process the display ticks show, for the last 10 minutes, in
 * fixed-size rings (Float32: a point costs 20 bytes), so memory stays bounded however long
 * ProcLab runs. A process's history ends with it (rows that vanish are dropped on the next tick).
 */
export class ProcHistory {
  private rings = new Map<string, Ring>();
  private readonly t0 = Date.now();

  record(rows: readonly ProcRow[], now: number): void {
    for (const r of rows) {
      if (r.exited) continue;
      const key = procKey(r.pid, r.startTime);
      let ring = this.rings.get(key);
      if (!ring) {
        if (this.rings.size >= HISTORY_MAX_PROCS) continue;
        this.rings.set(key, (ring = new Ring()));
      }
      ring.seen = true;
      if (now - ring.lastAt < MIN_SPACING_MS) continue;
      ring.lastAt = now;
      const o = ring.head * FIELDS;
      ring.buf[o] = (now - this.t0) / 1000;
      ring.buf[o + 1] = r.cpu;
      ring.buf[o + 2] = r.rss;
      ring.buf[o + 3] = r.io?.readBps ?? 0;
      ring.buf[o + 4] = r.io?.writeBps ?? 0;
      ring.head = (ring.head + 1) % HISTORY_POINTS;
      ring.len = Math.min(HISTORY_POINTS, ring.len + 1);
    }
    for (const [k, ring] of this.rings) {
      if (!ring.seen) this.rings.delete(k);
      else ring.seen = false;
    }
  }

  /** Oldest first. */
  get(pid: number, startTime: number): HistoryPoint[] {
    const ring = this.rings.get(procKey(pid, startTime));
    if (!ring) return [];
    const out: HistoryPoint[] = [];
    const start = (ring.head - ring.len + HISTORY_POINTS) % HISTORY_POINTS;
    for (let i = 0; i < ring.len; i++) {
      const o = ((start + i) % HISTORY_POINTS) * FIELDS;
      out.push({
        t: Math.round(this.t0 + (ring.buf[o] as number) * 1000),
        cpu: ring.buf[o + 1] as number,
        rss: ring.buf[o + 2] as number,
        readBps: ring.buf[o + 3] as number,
        writeBps: ring.buf[o + 4] as number,
      });
    }
    return out;
  }

  get size(): number {
    return this.rings.size;
  }
}
