import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import {
  checkedBilingual,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  makeRun,
  out,
  proc,
  ROOT,
  series,
} from '../../test/lessons/rundata';

const ioBoundVerdict = checkedBilingual(lesson, 'io-bound');

function ioRun(model: string, wall: number, task: number, extra: Record<string, unknown> = {}, cpu = 3, procs = 1) {
  return makeRun({
    params: { model, tasks: 6, sleep_ms: 1000 },
    samples: series(0, 4, (t) =>
      Array.from({ length: t >= 2 && t <= 3 ? procs : 1 }, (_, i) => proc(ROOT + i, cpu, { rss: 25 * 1048576 })),
    ),
    outputs: [
      out('progress', 1, { done: 0, total: 6 }),
      out('progress', 1 + wall / 1000, { done: 6, total: 6 }),
      out('result', 1 + wall / 1000, { wall_ms: wall, task_ms: task, cpu_ms: 30, parent_rss_kb: 25000, ...extra }),
    ],
  });
}

describe('io-bound verdict', () => {
  it('passes threads/async finishing in about one task with low CPU', () => {
    const v = ioBoundVerdict(ioRun('threads', 1100, 1000));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('1.10×');
    expect(ioBoundVerdict(ioRun('async', 1020, 1000)).pass).toBe(true);
  });

  it('fails threads that took twice one task, or burned CPU', () => {
    expect(ioBoundVerdict(ioRun('threads', 2100, 1000)).claims[1]!.pass).toBe(false);
    const hot = ioBoundVerdict(ioRun('async', 1050, 1000, {}, 90));
    expect(hot.claims[2]!.pass).toBe(false);
    expect(hot.pass).toBe(false);
  });

  it('processes: reports a spawn cost and more memory than the parent alone', () => {
    const v = ioBoundVerdict(ioRun('processes', 1400, 1000, { spawn_ms: 45.5 }, 3, 7));
    expect(v.pass).toBe(true);
    expect(v.claims[1]!.measured).toContain('45.5 ms per process');
    expect(v.figures.spawnMs).toBe(45.5);
    expect(v.claims[2]!.measured).toContain('7 processes');
  });

  it('processes: falls back to the program memory report, and fails without a spawn cost', () => {
    const v = ioBoundVerdict(ioRun('pool', 1400, 1000, { spawn_ms: 20, children_rss_kb: 120000 }));
    expect(v.claims[2]!.pass).toBe(true);
    expect(v.claims[2]!.measured).toContain('reported by the program');
    expect(ioBoundVerdict(ioRun('processes', 1400, 1000, {}, 3, 7)).pass).toBe(false);
  });

  it('sequential: takes about N tasks', () => {
    expect(ioBoundVerdict(ioRun('sequential', 6100, 1000)).pass).toBe(true);
    expect(ioBoundVerdict(ioRun('sequential', 2000, 1000)).pass).toBe(false);
  });
  expectInconclusiveOnBadResult(ioBoundVerdict, 'task_ms');
});

// Last, so that every run above has been judged (and checked) by then.
expectAllOutcomesChecked(ioBoundVerdict);
