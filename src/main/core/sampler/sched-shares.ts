import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { SchedShares } from '../../../shared/model';
import { parseSchedstat } from '../procfs';
import { KeptFds } from '../procfs/kept-fds';

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

/** "run wait slices\n" straight from the buffer: no string for a line read every tick for every thread. */
function parseBuf(n: number): { runNs: number; waitNs: number } | null {
  let i = 0;
  let run = 0;
  let digits = 0;
  for (; i < n && buf[i]! >= 48 && buf[i]! <= 57; i++, digits++) run = run * 10 + buf[i]! - 48;
  if (!digits || buf[i] !== 32) return null;
  let wait = 0;
  digits = 0;
  for (i++; i < n && buf[i]! >= 48 && buf[i]! <= 57; i++, digits++) wait = wait * 10 + buf[i]! - 48;
  return digits ? { runNs: run, waitNs: wait } : null;
}

interface Entry extends Counted {
  fd: number;
  startTime: number;
  gen: number;
}

/**
 * Reads /proc/<pid>/task/<tid>/schedstat of each sampled thread through a kept descriptor and
 * answers what the kernel counted since the thread's last reading. Keyed by the task's start time
 * too, so a reused tid never inherits another thread's counters.
 */
export class SchedReader {
  private readonly kept = new KeptFds<Entry>();

  /** null on a thread's first reading, and where schedstat cannot be read. */
  read(pid: number, tid: number, startTime: number): SchedShares | null {
    const perPid = this.kept.of(pid);
    let e = perPid.get(tid);
    if (e && e.startTime !== startTime) {
      this.kept.drop(perPid, tid);
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
    let cur: { runNs: number; waitNs: number } | null = null;
    try {
      cur = parseBuf(fs.readSync(fd, buf, 0, buf.length, 0));
    } catch {
      /* the thread ended */
    }
    const atNs = performance.now() * 1e6;
    if (!cur) {
      if (e) this.kept.drop(perPid, tid);
      else fs.closeSync(fd);
      return null;
    }
    if (!e) {
      perPid.set(tid, { fd, startTime, gen: this.kept.generation, runNs: cur.runNs, waitNs: cur.waitNs, atNs });
      return null;
    }
    const shares = sharesBetween(e, { runNs: cur.runNs, waitNs: cur.waitNs, atNs });
    e.runNs = cur.runNs;
    e.waitNs = cur.waitNs;
    e.atNs = atNs;
    e.gen = this.kept.generation;
    return shares;
  }

  /** Lets go of threads of pids not in keep, and of threads not read since the last call (ended). */
  retain(keep: Set<number>): void {
    this.kept.retain(keep);
  }

  get openFiles(): number {
    return this.kept.openFiles;
  }

  close(): void {
    this.kept.close();
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
