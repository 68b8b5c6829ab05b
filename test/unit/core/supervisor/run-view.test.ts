import { describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../../src/shared/model';
import { applyLifecycle, applyTick, initialState } from '../../../../src/renderer/src/store/state';
import { proc, tick } from '../../renderer-fixtures';
import { CpuTracker } from '../../../../src/main/core/sampler/cpu-tracker';
import { stat, trackerHarness } from '../../../helpers/tracker-harness';

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
    const { now, tracker, events, run } = trackerHarness(100, [stat(200, 100, 'S')]);
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
