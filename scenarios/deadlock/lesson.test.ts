import { describe, expect, it } from 'vitest';
import lesson from './lesson';
import type { DeadlockEvent, RunSample, ThreadRow } from '../../src/shared/model';
import {
  checkedBilingual,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  makeRun,
  out,
  proc,
  ROOT,
  series,
  T0,
} from '../../test/lessons/rundata';

const deadlockVerdict = checkedBilingual(lesson, 'deadlock');

const lockMark = (t: number, label: string, lock: string, thread: string, tid: number) =>
  out('mark', t, { lock, thread, tid, pid: ROOT }, label);
const crossed = [
  lockMark(0.2, 'waiting', 'A', 'worker-0', 1001),
  lockMark(0.2, 'acquired', 'A', 'worker-0', 1001),
  lockMark(0.25, 'waiting', 'B', 'worker-1', 1002),
  lockMark(0.25, 'acquired', 'B', 'worker-1', 1002),
  lockMark(0.4, 'waiting', 'B', 'worker-0', 1001),
  lockMark(0.4, 'waiting', 'A', 'worker-1', 1002),
];
const cycleEn = 'thread worker-0 holds A and waits for B; thread worker-1 holds B and waits for A';
const cycleZh = '线程 worker-0 持有 A，等待 B；线程 worker-1 持有 B，等待 A';

function suspicion(tSec: number, extra: Partial<DeadlockEvent> = {}): DeadlockEvent {
  return {
    kind: 'suspected',
    ts: T0 + tSec * 1000,
    pid: ROOT,
    startTime: ROOT * 10,
    runId: 'r1',
    name: 'python3',
    since: T0 + 400,
    thresholdMs: 3000,
    threads: [1000, 1001, 1002].map((tid) => ({ tid, name: 'python3', word: tid === 1001 ? '0xb' : '0xa' })),
    locks: [
      { word: '0xa', tids: [1000, 1002] },
      { word: '0xb', tids: [1001] },
    ],
    source: 'syscall',
    cycle: cycleEn,
    cycleText: { en: cycleEn, zh: cycleZh },
    detail: 'deadlock suspected: PID 1000, 3 threads waiting on 2 locks for 3 s',
    text: {
      en: 'deadlock suspected: PID 1000, 3 threads waiting on 2 locks for 3 s',
      zh: '疑似死锁：PID 1000，3 个线程在等待 2 把锁，已 3 秒',
    },
    ...extra,
  };
}
const lockWait = (tid: number, word: string): ThreadRow => ({
  tid,
  pid: ROOT,
  name: 'python3',
  state: 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait: { kind: 'lock', source: 'syscall', call: 'futex', word, timed: false },
});
const stuckSamples = (): RunSample[] =>
  series(0, 7, () => [proc(ROOT, 0, { threads: 3, state: 'sleeping' })]).map((s) => ({
    ...s,
    threads: [lockWait(1000, '0xa'), lockWait(1001, '0xb'), lockWait(1002, '0xa')],
  }));
const twoLocks = { case: 'two-locks', threads: 2, give_up_s: 7 };
const gaveUp = { case: 'two-locks', completed: 0, gave_up: 1, stuck_s: 7 };

describe('deadlock verdict: two-locks', () => {
  const run = (deadlocks: DeadlockEvent[], result = gaveUp, endSec = 7) => {
    const r = makeRun({
      samples: stuckSamples(),
      outputs: [out('result', 0, twoLocks), ...crossed, out('result', endSec, result)],
      endSec,
    });
    return { ...r, deadlocks };
  };
  it('passes with the suspicion 3.5 s after the last lock mark', () => {
    const v = deadlockVerdict(run([suspicion(3.9)]));
    expect(v.pass).toBe(true);
    expect(v.figures.suspectedAfterMs).toBe(3500);
    expect(v.figures.lockWords).toBe(2);
  });
  it('fails when the suspicion came far too late', () => {
    const v = deadlockVerdict(run([suspicion(9.5)], gaveUp, 10));
    expect(v.pass).toBe(false);
    expect(v.claims[0]!.pass).toBe(false);
  });
  it('fails when the event has no cycle', () => {
    const v = deadlockVerdict(run([suspicion(3.9, { cycle: null, cycleText: null })]));
    expect(v.claims[1]!.pass).toBe(false);
    expect(v.outcome).toBe('fail');
  });
  it('fails when the program completed (it was not stuck)', () =>
    expect(deadlockVerdict(run([suspicion(3.9)], { ...gaveUp, completed: 1, gave_up: 0 })).claims[2]!.pass).toBe(false));
  it('is inconclusive without an event when the platform gave no wait reasons', () => {
    const r = makeRun({
      samples: series(0, 7, () => [proc(ROOT, 0)]),
      outputs: [out('result', 0, twoLocks), ...crossed, out('result', 7, gaveUp)],
    });
    const v = deadlockVerdict(r);
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive?.text.en).toContain('Linux only');
  });
});

describe('deadlock verdict: lock-twice and rlock', () => {
  const nested = [
    lockMark(0.2, 'waiting', 'L', 'main', ROOT),
    lockMark(0.2, 'acquired', 'L', 'main', ROOT),
    lockMark(0.3, 'waiting', 'L', 'main', ROOT),
  ];
  const self = { en: 'thread main holds L and waits for L', zh: '线程 main 持有 L，等待 L' };
  it('lock-twice passes with the self-cycle named', () => {
    const r = makeRun({
      samples: stuckSamples(),
      outputs: [out('result', 0, { case: 'lock-twice', threads: 1 }), ...nested, out('result', 7, { ...gaveUp, case: 'lock-twice' })],
      endSec: 7,
    });
    const v = deadlockVerdict({ ...r, deadlocks: [suspicion(3.6, { cycle: self.en, cycleText: self })] });
    expect(v.pass).toBe(true);
  });
  const done = [...nested, lockMark(0.3, 'acquired', 'L', 'main', ROOT), out('result', 0.4, { case: 'rlock', completed: 1, gave_up: 0 })];
  it('rlock passes when the nested acquire completed and nothing was flagged', () => {
    const v = deadlockVerdict(makeRun({ outputs: [out('result', 0, { case: 'rlock' }), ...done], endSec: 1 }));
    expect(v.pass).toBe(true);
  });
  it('rlock fails when the watchdog flagged it', () => {
    const r = makeRun({ outputs: [out('result', 0, { case: 'rlock' }), ...done], endSec: 1 });
    expect(deadlockVerdict({ ...r, deadlocks: [suspicion(0.8)] }).pass).toBe(false);
  });
  expectInconclusiveOnBadResult(deadlockVerdict, 'completed');
});

describe('deadlock verdict: lucky-order (the inversion that did not hang)', () => {
  const site = (line: number) => ({ file: '/s/deadlock/main.py', line });
  const potential: DeadlockEvent = {
    ...suspicion(0.6),
    kind: 'potential',
    thresholdMs: 0,
    threads: [],
    locks: [],
    cycle: null,
    cycleText: null,
    inversion: {
      first: { thread: 'worker-0', tid: 1001, lock: 'lock_a', then: 'lock_b', at: site(75), thenAt: site(79) },
      second: { thread: 'worker-1', tid: 1002, lock: 'lock_b', then: 'lock_a', at: site(86), thenAt: site(90) },
    },
    detail: 'potential deadlock: worker-0 took A then B, worker-1 took B then A',
    text: {
      en: 'potential deadlock: worker-0 took A then B, worker-1 took B then A',
      zh: '潜在死锁：worker-0 先 A 后 B，worker-1 先 B 后 A',
    },
  };
  const lucky = (runtime: 'python' | 'node', deadlocks: DeadlockEvent[], completed = 1) => ({
    ...makeRun({
      runtime,
      outputs: [out('result', 0, { case: 'lucky-order', threads: 2 }), out('result', 0.7, { case: 'lucky-order', completed, gave_up: 0 })],
      endSec: 1,
    }),
    deadlocks,
  });
  it('passes when the program completed and the inversion came as a potential deadlock with both orders’ lines', () => {
    const v = deadlockVerdict(lucky('python', [potential]));
    expect(v.outcome).toBe('pass');
    expect(v.claims.at(-1)!.measured).toContain('potential deadlock: worker-0');
  });
  const second = (o: Partial<NonNullable<DeadlockEvent['inversion']>['second']>): DeadlockEvent => ({
    ...potential,
    inversion: { ...potential.inversion!, second: { ...potential.inversion!.second, ...o } },
  });
  it('fails for a Python run without the report, with an order missing its line, or both orders at one line', () => {
    expect(deadlockVerdict(lucky('python', [])).outcome).toBe('fail');
    expect(deadlockVerdict(lucky('python', [second({ thenAt: null })])).outcome).toBe('fail');
    // Both taken through one helper's line: the learner cannot see where the orders differ.
    expect(deadlockVerdict(lucky('python', [second({ at: site(75) })])).outcome).toBe('fail');
  });
  it('fails when the two orders are not over the same two locks (no inversion)', () => {
    expect(deadlockVerdict(lucky('python', [second({ then: 'lock_c' })])).outcome).toBe('fail');
  });
  it('fails when it hung (a suspicion) or did not complete', () => {
    expect(deadlockVerdict(lucky('python', [potential, suspicion(0.9)])).outcome).toBe('fail');
    expect(deadlockVerdict(lucky('python', [potential], 0)).outcome).toBe('fail');
  });
  it('is inconclusive for a Node run, which keeps no lock orders, and says why', () => {
    const v = deadlockVerdict(lucky('node', []));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive?.text.en).toContain('only Python runs keep lock orders');
  });
});

expectAllOutcomesChecked(deadlockVerdict);
