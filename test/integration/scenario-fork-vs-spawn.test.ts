import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario fork-vs-spawn (real engine)', () => {
  it('python', async () => {
    const run = await runScenario('fork-vs-spawn', 'python', { count: 8 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('node', async () => {
    const run = await runScenario('fork-vs-spawn', 'node', { count: 5 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
