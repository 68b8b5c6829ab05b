import { describe, expect, it } from 'vitest';
import type { ProcRow } from '../../../../src/shared/model';
import { HISTORY_POINTS, ProcHistory } from '../../../../src/main/core/sampler/history';

const row = (pid: number, cpu: number, extra: Partial<ProcRow> = {}): ProcRow => ({
  pid,
  startTime: 100,
  ppid: 1,
  name: 'x',
  cmd: 'x',
  user: null,
  state: 'running',
  orphan: false,
  daemon: false,
  exited: null,
  cpu,
  rss: 4096,
  threads: 1,
  startedAt: 0,
  runId: null,
  ...extra,
});

describe('ProcHistory', () => {
  it('keeps one point per second, oldest first, at most 10 minutes', () => {
    const h = new ProcHistory();
    const t0 = Date.now();
    for (let i = 0; i < HISTORY_POINTS + 50; i++) {
      h.record([row(1, i % 100, { io: { readBytes: 0, writeBytes: 0, rchar: 0, wchar: 0, readBps: 0, writeBps: i } })], t0 + i * 1000);
      h.record([row(1, 999)], t0 + i * 1000 + 250); // closer than a second: not kept
    }
    const pts = h.get(1, 100);
    expect(pts).toHaveLength(HISTORY_POINTS);
    expect(pts[0]!.writeBps).toBe(50);
    expect(pts.at(-1)!.writeBps).toBe(HISTORY_POINTS + 49);
    expect(pts.every((p) => p.cpu !== 999)).toBe(true);
    expect(pts[1]!.t - pts[0]!.t).toBeGreaterThanOrEqual(999);
  });

  it('drops a process once its row is gone, and names processes by pid and start time', () => {
    const h = new ProcHistory();
    h.record([row(1, 1), row(2, 2)], 1000);
    h.record([row(1, 1)], 3000);
    expect(h.get(2, 100)).toEqual([]);
    expect(h.get(1, 101)).toEqual([]);
    expect(h.get(1, 100)).toHaveLength(2);
    expect(h.size).toBe(1);
  });
});
