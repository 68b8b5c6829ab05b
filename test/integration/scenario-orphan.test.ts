import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario orphan (real engine)', () => {
  it('python', async () => {
    const run = await runScenario('orphan', 'python', { parent_s: 1.5, child_s: 4 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
    // The run lasts until its orphan is gone, not just until the parent exits.
    const lastExit = Math.max(...run.events.filter((e) => e.kind === 'exited').map((e) => e.exit!.at));
    expect(run.info.endedAt).toBe(lastExit);
    expect(run.info.endedAt! - run.info.startedAt).toBeGreaterThan(3000);
  });
  it('node', async () => {
    const run = await runScenario('orphan', 'node', { parent_s: 1.5, child_s: 4 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
