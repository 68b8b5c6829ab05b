import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario zombie (real engine)', () => {
  it('python: the child is a zombie until reaped, then gone', async () => {
    const run = await runScenario('zombie', 'python', { hold_s: 3, child_ms: 300 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
