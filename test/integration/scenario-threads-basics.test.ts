import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario threads-basics (real engine)', () => {
  it('python', async () => {
    const run = await runScenario('threads-basics', 'python', { threads: 3, hold_ms: 1500, adds: 1000 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('node', async () => {
    const run = await runScenario('threads-basics', 'node', { threads: 2, hold_ms: 1500, adds: 1000 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
