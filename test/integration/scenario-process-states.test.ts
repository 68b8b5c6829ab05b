import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario process-states (real engine)', () => {
  it('python', async () => {
    const run = await runScenario('process-states', 'python', { cycles: 2, busy_ms: 1500, sleep_ms: 1200, io_ms: 800 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('node', async () => {
    const run = await runScenario('process-states', 'node', { cycles: 2, busy_ms: 1500, sleep_ms: 1200, io_ms: 800 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
