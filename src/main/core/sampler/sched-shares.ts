import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { SchedShares } from '../../../shared/model';
import { parseSchedstat } from '../procfs';

interface Counted {
  runNs: number;
  waitNs: number;
  /** performance.now() of the reading, in ns. */
  atNs: number;
}

/**
 * Shares of the wall time between two schedstat readings the thread spent on a core and queued
 * for one (the rest it was blocked). Each share is clamped to 0…1 and the pair scaled to sum ≤ 1:
 * the kernel adds a slice to the counters when the slice ends, so one interval can be credited
 * a little of the previous one's.
 */
export function sharesBetween(prev: Counted, cur: Counted): SchedShares | null {
  const wall = cur.atNs - prev.atNs;
  const run = cur.runNs - prev.runNs;
  const wait = cur.waitNs - prev.waitNs;
  // Counters that went back belong to another task (a reused tid): no honest figure.
  if (!(wall > 0) || run < 0 || wait < 0) return null;
  let running = Math.min(1, run / wall);
  let runnable = Math.min(1, wait / wall);
  const sum = running + runnable;
  if (sum > 1) {
    running /= sum;
    runnable /= sum;
  }
  return { running, runnable };
}

const buf = Buffer.alloc(128);

/**
 * Reads /proc/<pid>/task/<tid>/schedstat of each sampled thread through a kept descriptor and
 * answers what the kernel counted since the thread's last reading. Keyed by the task's start time
 * too, so a reused tid never inherits another thread's counters.
 */
export class SchedReader {
  private entries = new Map<string, Counted & { fd: number; startTime: number; gen: number }>();
  private gen = 0;

  /** null on a thread's first reading, and where schedstat cannot be read. */
  read(pid: number, tid: number, startTime: number): SchedShares | null {
    const key = `${pid}/${tid}`;
    let e = this.entries.get(key);
    if (e && e.startTime !== startTime) {
      this.drop(key);
      e = undefined;
    }
    let fd = e?.fd;
    if (fd === undefined) {
      try {
        fd = fs.openSync(`/proc/${pid}/task/${tid}/schedstat`, 'r');
      } catch {
        return null;
      }
    }
    let text: string;
    try {
      text = buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, 0));
    } catch {
      if (e) this.drop(key);
      else fs.closeSync(fd);
      return null;
    }
    const atNs = performance.now() * 1e6;
    const cur = parseSchedstat(text);
    if (!cur) {
      if (e) this.drop(key);
      else fs.closeSync(fd);
      return null;
    }
    const shares = e ? sharesBetween(e, { ...cur, atNs }) : null;
    this.entries.set(key, { fd, startTime, gen: this.gen, runNs: cur.runNs, waitNs: cur.waitNs, atNs });
    return shares;
  }

  /** Lets go of threads of pids not in keep, and of threads not read since the last call (ended). */
  retain(keep: Set<number>): void {
    for (const [key, e] of this.entries) if (e.gen !== this.gen || !keep.has(Number(key.slice(0, key.indexOf('/'))))) this.drop(key);
    this.gen++;
  }

  get openFiles(): number {
    return this.entries.size;
  }

  close(): void {
    for (const key of [...this.entries.keys()]) this.drop(key);
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    try {
      fs.closeSync(e.fd);
    } catch {
      /* already closed */
    }
  }
}

/** Whether this kernel gives per-thread schedstat (CONFIG_SCHED_INFO); read once. */
export function hasSchedstat(): boolean {
  try {
    return parseSchedstat(fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'latin1')) !== null;
  } catch {
    return false;
  }
}
