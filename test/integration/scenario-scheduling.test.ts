import { describe, expect, it } from 'vitest';
import { explain, runScenario } from './helpers/run-scenario';

describe('scenario scheduling (real engine)', () => {
  it('python: CPU shares on one core follow the nice weights; SJF waits least', async () => {
    const run = await runScenario('scheduling', 'python', { nices: '0,2,5', seconds: 3 });
    expect(run.info.verdict?.pass, explain(run)).toBe(true);
  });
});
