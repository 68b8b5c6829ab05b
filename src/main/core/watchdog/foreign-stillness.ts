import { procKey } from '../../../shared/proc-key';
/**
 * System scope: which foreign processes are worth a look for the deadlock watchdog. Reading
 * every thread of every process each tick would cost far more than the tick's budget, so a
 * process is looked at only once its CPU ticks have not moved for the threshold, then again
 * every `recheckMs` while it stays still (a wait can change without a clock tick of CPU), and
 * on every tick while it is suspected.
 */
export class ForeignStillness {
  private procs = new Map<string, { ticks: number; since: number; checkedAt: number | null; seenAt: number }>();

  constructor(private readonly recheckMs = 15_000) {}

  /** Records this tick's CPU ticks; returns the time since which they have not moved. */
  update(pid: number, startTime: number, ticks: number, now: number): number {
    const key = procKey(pid, startTime);
    const p = this.procs.get(key);
    if (!p || p.ticks !== ticks) {
      this.procs.set(key, { ticks, since: now, checkedAt: null, seenAt: now });
      return now;
    }
    p.seenAt = now;
    return p.since;
  }

  /** True when its threads should be read now; marks it checked. */
  due(pid: number, startTime: number, now: number, thresholdMs: number, flagged: boolean): boolean {
    const p = this.procs.get(procKey(pid, startTime));
    if (!p) return false;
    if (!flagged && (now - p.since < thresholdMs || (p.checkedAt !== null && now - p.checkedAt < this.recheckMs))) return false;
    p.checkedAt = now;
    return true;
  }

  /** Drops processes not updated at `now` (gone, or out of scope). */
  sweep(now: number): void {
    for (const [k, p] of this.procs) if (p.seenAt !== now) this.procs.delete(k);
  }
}
