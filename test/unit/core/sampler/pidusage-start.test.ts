/** The pidusage source (the Windows path) keeps one start time per process across reads. */
import { describe, expect, it, vi } from 'vitest';

const reads: Array<{ timestamp: number; elapsed: number }> = [];
vi.mock('pidusage', () => ({
  default: vi.fn(async (pids: number[]) => {
    const r = reads.shift()!;
    return Object.fromEntries(pids.map((pid) => [pid, { pid, ppid: 1, cpu: 0, memory: 4096, ctime: 0, ...r }]));
  }),
}));

const { PidusageSource } = await import('../../../../src/main/core/sampler/source');

describe('PidusageSource start time', () => {
  it('does not flip between two rounded seconds when its two clocks are read a moment apart (a loaded machine)', async () => {
    const src = new PidusageSource();
    // Started at 1000.5 s: read once with the clocks 10 ms apart, once 120 ms apart.
    reads.push({ timestamp: 1_000_990, elapsed: 490 + 10 }, { timestamp: 1_001_600, elapsed: 1_100 - 120 });
    await src.refresh([42]);
    const first = src.read(42)!.startTime;
    await src.refresh([42]);
    expect(src.read(42)!.startTime).toBe(first);
  });

  it('still tells a later process on the same pid by its start time', async () => {
    const src = new PidusageSource();
    reads.push({ timestamp: 1_000_000, elapsed: 0 }, { timestamp: 1_010_000, elapsed: 0 });
    await src.refresh([42]);
    await src.refresh([42]);
    expect(src.read(42)!.startTime).toBe(1_010);
  });
});
