import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario io-bound (real engine)', () => {
  it('python threads overlap their waits', async () => {
    const run = await runScenario('io-bound', 'python', { model: 'threads', tasks: 6, sleep_ms: 1500 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('python threads with the manifest defaults (12 tasks connect at once) still overlap', async () => {
    const run = await runScenario('io-bound', 'python', { model: 'threads' });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('python processes report a spawn cost and more memory', async () => {
    const run = await runScenario('io-bound', 'python', { model: 'processes', tasks: 4, sleep_ms: 1500 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
    expect(run.info.verdict?.figures.spawnMs).toBeGreaterThan(0);
  });
  it('node async overlaps its waits on one thread', async () => {
    const run = await runScenario('io-bound', 'node', { model: 'async', tasks: 6, sleep_ms: 1500 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
  it('node worker threads overlap their waits', async () => {
    const run = await runScenario('io-bound', 'node', { model: 'threads', tasks: 3, sleep_ms: 2500 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
