/**
 * Wall-time assertions on a shared machine. A time limit that a test overruns while other
 * programs hold the cores says nothing about the product: the busy-machine treatment the
 * scenario self-test has (its verdict turns inconclusive with the measured free cores) is given
 * here to plain tests. A test watches the machine over the timed stretch; an overrun then fails
 * only if the machine was quiet, else the test records "inconclusive" with the figures and goes
 * on with its other checks. Within the limit it passes whatever the load.
 */
import fs from 'node:fs';
import os from 'node:os';
import { expect } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** A timing check this run could not decide (busy machine), with the measured figures. */
    inconclusive?: string;
  }
}

/** Below this many idle cores over the window (or a 1-min load above the core count) the machine is busy. */
export const BUSY_FREE_CORES = 0.5;

export interface MachineLoad {
  cores: number;
  /** Idle cores averaged over the watched window (from /proc/stat), NaN where it is unreadable. */
  freeCores: number;
  /** 1-minute load average at the end of the window. */
  load1: number;
  busy: boolean;
  /** "0.12 of 2 cores free, load 5.31". */
  text: string;
}

function jiffies(): { idle: number; total: number } | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user/nice)
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { idle: f[3]! + (f[4] ?? 0), total };
  } catch {
    return null;
  }
}

/** Starts watching the machine; stop() says how loaded it was since. */
export function watchMachine(): { stop: () => MachineLoad } {
  const a = jiffies();
  return {
    stop: () => {
      const b = jiffies();
      const cores = os.cpus().length;
      const freeCores = a && b && b.total > a.total ? ((b.idle - a.idle) / (b.total - a.total)) * cores : NaN;
      const load1 = os.loadavg()[0]!;
      const busy = !(freeCores >= BUSY_FREE_CORES) || load1 > cores;
      const text = `${Number.isNaN(freeCores) ? '?' : freeCores.toFixed(2)} of ${cores} cores free, load ${load1.toFixed(2)}`;
      return { cores, freeCores, load1, busy, text };
    },
  };
}

interface Ctx {
  task: { meta: { inconclusive?: string } };
}

/**
 * `took` must be under `limitMs` (what: "the deadlock flagged"). Over it on a busy machine: the
 * check is recorded as inconclusive (test meta + a console line; npm test's summary lists it)
 * and the test goes on. Over it on a quiet machine: a failure, as any assertion.
 * Returns whether the limit held.
 */
export function expectWithin(ctx: Ctx, took: number, limitMs: number, what: string, load: MachineLoad): boolean {
  if (took < limitMs) return true;
  const said = `${what} took ${took} ms (limit ${limitMs} ms) with ${load.text}`;
  if (load.busy) {
    const why = `inconclusive here: ${said}: too busy to tell`;
    ctx.task.meta.inconclusive = ctx.task.meta.inconclusive ? `${ctx.task.meta.inconclusive}; ${why}` : why;
    console.warn(why);
    return false;
  }
  expect(took, `${said} (a quiet machine: the product is slow)`).toBeLessThan(limitMs);
  return false;
}
