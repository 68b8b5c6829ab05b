import { describe, expect, it } from 'vitest';
import type { DeadlockEvent } from '../../../../src/shared/model';
import { summarizeRun } from '../../../../src/renderer/src/runview/run-summary';
import { liveFromRunData } from '../../../../src/renderer/src/store/state';
import { ev, proc, run, sample, threadRow } from '../../runs-fixtures';

const th = threadRow;

describe('the summary of a run without a lesson', () => {
  it('counts processes, peak threads and cores, the main waits and the watchdog', () => {
    const lock = { kind: 'lock', source: 'syscall', word: '0xa', timed: false } as const;
    const data = run(
      { id: 'r', scenarioId: null },
      {
        events: [ev('spawned', 100, 1_000_100, { runId: 'r' }), ev('spawned', 101, 1_000_200, { runId: 'r' })],
        samples: [1, 2, 3, 4].map((s) =>
          sample(1_000_000 + s * 1000, [proc(100, 100, { threads: 3 }), proc(101, s === 2 ? 80 : 20, { threads: 1 })], {
            threads: [
              th(100, 100, { state: 'running', cpu: 100 }),
              th(102, 100, { wait: lock }),
              th(103, 100, { wait: s < 4 ? lock : { kind: 'sleep', source: 'syscall' } }),
            ],
          }),
        ),
        deadlocks: [{ kind: 'suspected', pid: 100, startTime: 1000, ts: 1_003_500, since: 1_000_500 } as DeadlockEvent],
      },
    );
    const s = summarizeRun(liveFromRunData(data));
    expect(s.processes).toBe(2);
    expect(s.peakThreads).toBe(4);
    expect(s.peakCores).toBeCloseTo(1.8);
    // 12 thread samples: 7 in lock wait, 1 asleep, 4 running.
    expect(s.waits.map((w) => [w.kind, Math.round(w.share * 12)])).toEqual([
      ['lock', 7],
      ['sleep', 1],
    ]);
    expect(s.deadlocks).toBe(1);
  });
});
