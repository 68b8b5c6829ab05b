import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario daemon (real engine)', () => {
  it('python', async () => {
    const run = await runScenario('daemon', 'python', { main_s: 1.5, daemon_s: 20, nondaemon_s: 4 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('node', async () => {
    const run = await runScenario('daemon', 'node', { main_s: 1.5, daemon_s: 20, nondaemon_s: 4 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
