import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario orphan (real engine)', () => {
  it('python', async () => {
    const run = await runScenario('orphan', 'python', { parent_s: 1.5, child_s: 4 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('node', async () => {
    const run = await runScenario('orphan', 'node', { parent_s: 1.5, child_s: 4 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
