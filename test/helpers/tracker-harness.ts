/**
 * The supervisor's ProcTracker over a process table the test writes (`now`): no /proc, no
 * journal. For unit tests of what the tracker records from a sequence of stat readings.
 */
import type { LifecycleEvent } from '../../src/shared/model';
import type { StatFields } from '../../src/main/core/procfs';
import type { ProcSource } from '../../src/main/core/sampler/source';
import type { LiveJournal } from '../../src/main/core/supervisor/journal';
import type { Run } from '../../src/main/core/supervisor/run';
import { ProcTracker } from '../../src/main/core/supervisor/tracker';

/** A python3 stat line as the tracker reads it (start time = pid × 10). */
export const stat = (pid: number, ppid: number, stateChar: string, exitCode: number | null = null): StatFields => ({
  pid,
  comm: 'python3',
  stateChar,
  ppid,
  pgrp: 100,
  session: 100,
  ttyNr: 1,
  utime: 0,
  stime: 0,
  numThreads: 1,
  startTime: pid * 10,
  rssPages: 10,
  processor: 0,
  exitCode,
});

export interface TrackerHarness {
  /** What the source reads: set and delete entries between ticks. */
  now: Map<number, StatFields>;
  tracker: ProcTracker;
  events: LifecycleEvent[];
  /** Run 'r1' rooted at `rootPid`, registered with the tracker. */
  run: Run;
}

export function trackerHarness(rootPid: number, stats: StatFields[] = []): TrackerHarness {
  const now = new Map(stats.map((s) => [s.pid, s]));
  const source = {
    clkTck: 100,
    rssUnit: 4096,
    read: (pid: number) => now.get(pid) ?? null,
    probe: (pid: number) => now.get(pid) ?? null,
    cmdline: () => 'python3 main.py',
    user: () => 'me',
    startedAtMs: (st: number) => st,
    ctxSwitches: () => null,
  } as unknown as ProcSource;
  const events: LifecycleEvent[] = [];
  const hooks = { lifecycle: (e: LifecycleEvent) => events.push(e), output: () => {}, runExit: () => {} };
  const runs = new Map<string, Run>();
  const tracker = new ProcTracker(source, { write: () => {} } as unknown as LiveJournal, hooks, runs, process.pid);
  const run = {
    id: 'r1',
    rootPid,
    rootStart: rootPid * 10,
    argv: ['python3'],
    procs: new Map(),
    everSeen: new Set(),
    pendingDaemons: new Set(),
    rootExit: null,
    // What the run's end (checkFinished) touches.
    settle: () => {},
    stdioClosed: Promise.resolve(),
    onFinished: [],
    limiter: { takeDropped: () => 0 },
  } as unknown as Run;
  runs.set('r1', run);
  return { now, tracker, events, run };
}
