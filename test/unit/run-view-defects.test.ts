import { describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../src/shared/model';
import { applyLifecycle, applyTick, initialState } from '../../src/renderer/src/store/state';
import { proc, tick } from './renderer-fixtures';

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
