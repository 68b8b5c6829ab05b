import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario process-basics (real engine)', () => {
  it('python', async () => {
    const run = await runScenario('process-basics', 'python', { hold_ms: 1200 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('node', async () => {
    const run = await runScenario('process-basics', 'node', { hold_ms: 1200 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
