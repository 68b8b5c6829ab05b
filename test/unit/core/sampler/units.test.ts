import { describe, expect, it } from 'vitest';
import { CpuTracker } from '../../../../src/main/core/sampler/cpu-tracker';
import { parseCpuTime, parsePsTable } from '../../../../src/main/core/sampler/source';

describe('CpuTracker', () => {
  const startedAt = (st: number) => 1_000_000 + st * 10; // 100 ticks/s after a boot at 1e6 ms

  it('turns tick deltas into percent of one core', () => {
    const t = new CpuTracker(100, startedAt);
    t.update('1', 0, 0, 2_000_000);
    expect(t.update('1', 0, 100, 2_001_000)).toBeCloseTo(100); // 1 s of CPU in 1 s
    expect(t.update('1', 0, 150, 2_002_000)).toBeCloseTo(50);
    expect(t.update('1', 0, 350, 2_003_000)).toBeCloseTo(200); // two cores
  });

  it('uses the average since start on first sight and never inherits a reused pid', () => {
    const t = new CpuTracker(100, startedAt);
    // Started at 1e6 + 1000 ms, seen 2000 ms later with 1 s of CPU: 50 %.
    expect(t.update('9', 100, 100, 1_003_000)).toBeCloseTo(50);
    // Same pid, different start time: a new process, so again its own average.
    expect(t.update('9', 200, 0, 1_004_000)).toBe(0);
  });

  it('forgets tasks not seen since the last sweep', () => {
    const t = new CpuTracker(100, startedAt);
    t.update('a', 0, 0, 2_000_000);
    t.sweep();
    t.sweep();
    expect(t.update('a', 0, 100, 2_001_000)).not.toBeCloseTo(100); // history gone: first-sight average
  });
});

describe('ps fallback parsing', () => {
  it('reads cpu time formats', () => {
    expect(parseCpuTime('00:01:05')).toBe(65);
    expect(parseCpuTime('1:05.50')).toBeCloseTo(65.5);
    expect(parseCpuTime('2-01:00:00')).toBe(2 * 86400 + 3600);
  });
  it('reads a ps table with lstart and spaces in the command', () => {
    const out = '  123     1   123 Ss   00:00:02   2048 Tue Nov 25 11:59:00 2025 /usr/bin/my prog\n';
    const t = parsePsTable(out);
    expect(t.get(123)).toMatchObject({ ppid: 1, pgrp: 123, stateChar: 'S', utime: 200, rssPages: 2048 * 1024, comm: 'my prog' });
    expect(t.get(123)!.startTime).toBeGreaterThan(1_700_000_000);
  });
});
