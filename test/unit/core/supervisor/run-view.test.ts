import { describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../../src/shared/model';
import { applyLifecycle, applyTick, initialState } from '../../../../src/renderer/src/store/state';
import { proc, tick } from '../../renderer-fixtures';
import type { StatFields } from '../../../../src/main/core/procfs';
import type { ProcSource } from '../../../../src/main/core/sampler/source';
import { CpuTracker } from '../../../../src/main/core/sampler/cpu-tracker';
import type { LiveJournal } from '../../../../src/main/core/supervisor/journal';
import type { Run } from '../../../../src/main/core/supervisor/run';
import { ProcTracker } from '../../../../src/main/core/supervisor/tracker';

describe('the run table shows an exit as soon as the engine says it', () => {
  it('a child seen "sleeping · orphan · daemon" at the last tick reads exited once its exit event arrives, before the next tick', () => {
    const child = proc(20, { runId: 'r1', ppid: 1, orphan: true, daemon: true, rss: 9e6, threads: 2, cpu: 3 });
    let s = applyTick(initialState(), tick(1000, { processes: [proc(10, { runId: 'r1' }), child] }));
    const exit = { code: 0, signal: null, by: 'self' as const, at: 1250 };
    const ev: LifecycleEvent = {
      kind: 'exited',
      ts: 1250,
      runId: 'r1',
      pid: 20,
      startTime: 200,
      name: 'p20',
      ppid: 1,
      detail: 'exited',
      exit,
    };
    s = applyLifecycle(s, [ev]);
    const row = s.tick!.processes.find((p) => p.pid === 20)!;
    expect(row.exited).toEqual(exit);
    expect(row.cpu).toBe(0);
    // The other row, and a process of the same pid but another start time, are left alone.
    expect(s.tick!.processes.find((p) => p.pid === 10)!.exited).toBeNull();
    const reused = applyLifecycle(applyTick(initialState(), tick(1000, { processes: [child] })), [{ ...ev, startTime: 999 }]);
    expect(reused.tick!.processes[0]!.exited).toBeNull();
  });
});

describe("a process's exit is never dated before its zombie transition", () => {
  it('an orphan read as a zombie of init, late in a tick, is exited after its "sleeping → zombie" event', () => {
    const stat = (pid: number, ppid: number, stateChar: string, exitCode: number | null = null): StatFields => ({
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
    const now = new Map<number, StatFields>([[200, stat(200, 100, 'S')]]);
    const source = {
      clkTck: 100,
      rssUnit: 4096,
      read: (pid: number) => now.get(pid) ?? null,
      probe: (pid: number) => now.get(pid) ?? null,
      cmdline: () => 'python3 main.py',
      user: () => 'root',
      startedAtMs: (st: number) => st,
      ctxSwitches: () => null,
    } as unknown as ProcSource;
    const events: LifecycleEvent[] = [];
    const hooks = { lifecycle: (e: LifecycleEvent) => events.push(e), output: () => {}, runExit: () => {} };
    const runs = new Map<string, Run>();
    const tracker = new ProcTracker(source, { write: () => {} } as unknown as LiveJournal, hooks, runs, process.pid);
    const run = {
      id: 'r1',
      rootPid: 100,
      rootStart: 1000,
      argv: ['python3'],
      procs: new Map(),
      everSeen: new Set(),
      pendingDaemons: new Set(),
      rootExit: null,
    } as unknown as Run;
    runs.set('r1', run);
    const child = tracker.track(run, stat(200, 100, 'S'), null);
    expect(child.orphan).toBe(true);
    // Its parent is gone and init does not reap: this tick reads it "Z", parented by 1. The tick
    // began 50 ms before the events it emits are dated (other processes were read first).
    now.set(200, stat(200, 1, 'Z', 0));
    tracker.updateTracked(Date.now() - 50, new CpuTracker(100, (st) => st));
    const mine = events.filter((e) => e.pid === 200 && e.kind !== 'spawned' && e.kind !== 'orphaned');
    expect(mine.map((e) => e.kind)).toEqual(['state-changed', 'exited']);
    expect(mine[1]!.ts).toBeGreaterThanOrEqual(mine[0]!.ts);
    expect(child.exited!.at).toBe(mine[1]!.ts);
  });
});
