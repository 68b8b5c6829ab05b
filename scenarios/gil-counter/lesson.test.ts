import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import type { RunSample, ThreadRow, WaitKind } from '../../src/shared/model';
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

const gilCounterVerdict = checkedBilingual(lesson, 'gil-counter');

const row = (tid: number, kind: WaitKind): ThreadRow => ({
  tid,
  pid: ROOT,
  name: 'python3',
  state: kind === 'running' ? 'running' : 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait: { kind, source: kind === 'running' ? 'state' : 'syscall', ...(kind === 'lock' && { call: 'futex', word: '0xa' }) },
});
// Threads 1..4 mark "waiting" at +1 s and acquire one after another at +2 … +5 s.
const marks = [1, 2, 3, 4].flatMap((i) => [
  out('mark', 1, { lock: 'num', tid: ROOT + i }, 'waiting'),
  out('mark', 1 + i + 0.1, { lock: 'num', tid: ROOT + i }, 'acquired'),
]);
const samples = (kind: WaitKind, withWaits = true): RunSample[] =>
  series(0, 6, () => [proc(ROOT, 5, { threads: 5 })]).map((s) =>
    withWaits ? { ...s, threads: [1, 2, 3, 4].map((i) => row(ROOT + i, kind)) } : s,
  );
const py = { threads: 4, sleep_ms: 1000, plain_final: 0, sleep_final: 3, lock_final: 0 };

describe('gil-counter verdict', () => {
  it('passes: plain 0, lost updates with sleep, 0 with the lock, waiters seen in lock wait', () => {
    const v = gilCounterVerdict(makeRun({ samples: samples('lock'), outputs: [...marks, out('result', 6, py)] }));
    expect(v.pass).toBe(true);
    expect(v.figures.lockWaitsSeen).toBe(10);
    expect(v.figures.lockWaitShare).toBe(1);
  });
  it('fails when the sleep lost nothing, or the lock lost some', () => {
    expect(
      gilCounterVerdict(makeRun({ samples: samples('lock'), outputs: [...marks, out('result', 6, { ...py, sleep_final: 0 })] })).claims[2]!
        .pass,
    ).toBe(false);
    expect(
      gilCounterVerdict(makeRun({ samples: samples('lock'), outputs: [...marks, out('result', 6, { ...py, lock_final: 2 })] })).pass,
    ).toBe(false);
  });
  it('fails when the waiting threads were seen running instead', () =>
    expect(gilCounterVerdict(makeRun({ samples: samples('running'), outputs: [...marks, out('result', 6, py)] })).claims[4]!.pass).toBe(
      false,
    ));
  it('node: a quick unsynchronized update may lose one (workers really run at once), yet fewer than with the sleep', () => {
    const run = (r: Record<string, unknown>) =>
      gilCounterVerdict(
        makeRun({ runtime: 'node', samples: samples('lock'), outputs: [...marks, out('result', 6, { ...py, atomic_final: 0, ...r })] }),
      );
    const lostOne = run({ threads: 8, plain_final: 1, sleep_final: 7 });
    expect(lostOne.claims[1]!.pass).toBe(true);
    expect(lostOne.claims[1]!.measured).toBe('final num = 1 (from 8); 7 with the sleep');
    expect(run({ threads: 8, plain_final: 7, sleep_final: 7 }).claims[1]!.pass).toBe(false);
  });
  it('node: also needs Atomics.sub to lose nothing', () => {
    const r = { ...py, atomic_final: 1 };
    expect(
      gilCounterVerdict(makeRun({ runtime: 'node', samples: samples('lock'), outputs: [...marks, out('result', 6, r)] })).claims[3]!.pass,
    ).toBe(false);
  });
  it('is inconclusive without wait reasons, or when the samples caught too few waiters', () => {
    const none = gilCounterVerdict(makeRun({ samples: samples('lock', false), outputs: [...marks, out('result', 6, py)] }));
    expect(none.outcome).toBe('inconclusive');
    expect(none.inconclusive?.text.en).toContain('Linux only');
    const few = gilCounterVerdict(makeRun({ samples: samples('lock'), outputs: [...marks.slice(0, 2), out('result', 6, py)] }));
    expect(few.outcome).toBe('inconclusive');
    expect(few.inconclusive?.text.en).toContain('caught only 1 threads');
  });
  expectInconclusiveOnBadResult(gilCounterVerdict, 'sleep_final');
});

expectAllOutcomesChecked(gilCounterVerdict);
