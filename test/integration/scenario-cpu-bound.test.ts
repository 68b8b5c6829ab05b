import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

// 2 workers and ~2.5 s of one-core work: long enough for several 500 ms samples in the
// busy window, small enough for a 2-core machine shared with other suites.
describe('scenario cpu-bound (real engine)', () => {
  it('python threads stay near one core (GIL)', async () => {
    const run = await runScenario('cpu-bound', 'python', { model: 'threads', workers: 2, work_ms: 2500 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('python processes use both cores', async () => {
    const run = await runScenario('cpu-bound', 'python', { model: 'processes', workers: 2, work_ms: 6000 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
    // The parent joined its workers: the timeline must not show them ending after it.
    const exits = run.events.filter((e) => e.kind === 'exited');
    const rootExit = exits.find((e) => e.pid === run.info.rootPid)!.exit!.at;
    const workers = exits.filter((e) => e.ppid === run.info.rootPid);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    for (const w of workers) {
      expect(w.exit!.at, `worker ${w.pid}`).toBeLessThanOrEqual(rootExit);
      expect(w.ts, `worker ${w.pid}'s timeline time`).toBeLessThan(rootExit);
    }
    expect(run.info.endedAt).toBe(rootExit);
    // A journal written while the run went (events arrive as they are noticed) reads back in time order.
    const ts = run.events.map((e) => e.ts);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });
  it('node worker threads use both cores', async () => {
    const run = await runScenario('cpu-bound', 'node', { model: 'threads', workers: 2, work_ms: 6000 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('node async stays on one core', async () => {
    const run = await runScenario('cpu-bound', 'node', { model: 'async', workers: 2, work_ms: 1500 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
