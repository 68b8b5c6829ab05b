import { describe, expect, it } from 'vitest';
import type { ThreadRow } from '../../../../src/shared/model';
import { sharesBetween } from '../../../../src/main/core/sampler/sched-shares';
import {
  cpuStack,
  newLaneSet,
  orderedLanes,
  pushLaneSample,
  segmentBands,
  segments,
  threadKind,
} from '../../../../src/renderer/src/model/lanes';

const th = (tid: number, over: Partial<ThreadRow> = {}): ThreadRow => ({
  tid,
  pid: 10,
  name: 'python3',
  state: 'sleeping',
  cpu: 0,
  lastCore: 0,
  ...over,
});
const lock = { kind: 'lock' as const, source: 'syscall' as const, call: 'futex', word: '0xa', timed: true };
const MS = 1e6;

describe('schedstat shares', () => {
  it('are the deltas of time on a core and in the run queue over the wall time between readings', () => {
    const s = sharesBetween({ runNs: 1000 * MS, waitNs: 50 * MS, atNs: 0 }, { runNs: 1100 * MS, waitNs: 75 * MS, atNs: 250 * MS });
    expect(s!.running).toBeCloseTo(0.4, 6);
    expect(s!.runnable).toBeCloseTo(0.1, 6);
  });

  it('never sum above the interval (a slice credited late), and a reused tid gives none', () => {
    const s = sharesBetween({ runNs: 0, waitNs: 0, atNs: 0 }, { runNs: 260 * MS, waitNs: 40 * MS, atNs: 250 * MS })!;
    expect(s.running + s.runnable).toBeCloseTo(1, 6);
    expect(s.running).toBeGreaterThan(s.runnable);
    expect(sharesBetween({ runNs: 500, waitNs: 0, atNs: 0 }, { runNs: 100, waitNs: 0, atNs: 250 * MS })).toBeNull();
    expect(sharesBetween({ runNs: 0, waitNs: 0, atNs: 10 }, { runNs: 0, waitNs: 0, atNs: 10 })).toBeNull();
  });
});

describe('lanes from the kernel’s shares', () => {
  it('a thread that ran 40 % of an interval draws 40 % running, whatever state the look caught', () => {
    const set = newLaneSet();
    const procs = [{ pid: 10, name: 'py', state: 'sleeping' as const, cpu: 40 }];
    pushLaneSample(set, 0, procs, [th(10, { wait: lock })]);
    pushLaneSample(set, 250, procs, [th(10, { wait: lock, cpu: 40, shares: { running: 0.4, runnable: 0.1 } })]);
    const lane = set.lanes.get('t10')!;
    const segs = segments(lane.points, 250);
    // The shares speak for the interval that ended at 250: [0, 250].
    const last = segs.at(-1)!;
    expect([last.from, last.to]).toEqual([0, 250]);
    expect(segmentBands(last)).toEqual([
      { kind: 'running', share: 0.4 },
      { kind: 'runnable', share: 0.1 },
      { kind: 'lock', share: 0.5 },
    ]);
    // The stacked CPU chart draws the same number.
    expect(cpuStack(set, 0).rows.at(-1)!['t10']).toBeCloseTo(0.4, 6);
  });

  it('a thread caught in R that spent most of the interval blocked is not called running', () => {
    const r = th(11, { state: 'running', wait: { kind: 'running', source: 'state' }, shares: { running: 0.1, runnable: 0.05 } });
    expect(threadKind(r)).toBe('blocked');
    expect(threadKind({ ...r, shares: { running: 0.3, runnable: 0.6 } })).toBe('runnable');
    expect(threadKind({ ...r, shares: { running: 0.6, runnable: 0.3 } })).toBe('running');
    // No shares (no schedstat, an old journal): the state seen, as before.
    expect(threadKind(th(11, { state: 'running', wait: { kind: 'running', source: 'state' } }))).toBe('running');
  });

  it('a parent blocked in join() while a helper thread naps reads as waiting, not running', () => {
    const set = newLaneSet();
    const procs = [{ pid: 10, name: 'py', state: 'running' as const, cpu: 2 }];
    const child = { kind: 'lock' as const, source: 'syscall' as const, call: 'futex', timed: false };
    pushLaneSample(set, 250, procs, [
      th(10, { wait: child, shares: { running: 0, runnable: 0 } }),
      th(12, { state: 'running', wait: { kind: 'running', source: 'state' }, shares: { running: 0.02, runnable: 0 } }),
    ]);
    expect(orderedLanes(set)[0]!.points[0]!.kind).not.toBe('running');
  });

  it('lanes carry the thread’s current name (it may rename itself after it starts)', () => {
    const set = newLaneSet();
    const procs = [{ pid: 10, name: 'py', state: 'sleeping' as const, cpu: 0 }];
    pushLaneSample(set, 0, procs, [th(10), th(11, { name: 'python3' })]);
    pushLaneSample(set, 250, procs, [th(10), th(11, { name: 'worker-0' })]);
    expect(set.lanes.get('t11')!.name).toBe('worker-0');
  });
});
