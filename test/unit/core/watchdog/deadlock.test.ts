import { describe, expect, it } from 'vitest';
import type { DeadlockEvent, ThreadRow, WaitReason } from '../../../../src/shared/model';
import { parseProtocolLine } from '../../../../src/main/core/scenarios/protocol';
import { DeadlockWatch, untimedLockWait, type ProcLook } from '../../../../src/main/core/watchdog/deadlock';
import { ForeignStillness } from '../../../../src/main/core/watchdog/foreign-stillness';
import { LockMarks } from '../../../../src/main/core/watchdog/lock-marks';

const lock = (word: string, timed = false): WaitReason => ({ kind: 'lock', source: 'syscall', call: 'futex', word, timed });
const thread = (tid: number, wait: WaitReason): ThreadRow => ({
  tid,
  pid: 100,
  name: `t${tid}`,
  state: 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait,
});
const look = (threads: ThreadRow[], cpuTicks = 50, runId: string | null = 'r1'): ProcLook => ({
  pid: 100,
  startTime: 7,
  name: 'python3',
  runId,
  cpuTicks,
  threads,
});
const alive = () => true;
// Two threads crossed on A/B plus the main thread joining: three words.
const deadlocked = () => [thread(100, lock('0xmain')), thread(101, lock('0xa')), thread(102, lock('0xb')), thread(103, lock('0xa'))];

/** Feeds the same look every 250 ms from t0 to t1 and returns every event. */
function feed(w: DeadlockWatch, l: () => ProcLook, t0: number, t1: number): DeadlockEvent[] {
  const out: DeadlockEvent[] = [];
  for (let t = t0; t <= t1; t += 250) out.push(...w.observe(t, [l()], alive));
  return out;
}

describe('deadlock watchdog', () => {
  it('suspects once, after the threshold, naming threads and lock words grouped', () => {
    const w = new DeadlockWatch(3000);
    expect(feed(w, () => look(deadlocked()), 0, 2750)).toEqual([]);
    const ev = feed(w, () => look(deadlocked()), 3000, 6000);
    expect(ev).toHaveLength(1);
    const e = ev[0]!;
    expect(e).toMatchObject({ kind: 'suspected', pid: 100, since: 0, source: 'syscall', runId: 'r1' });
    expect(e.locks).toEqual([
      { word: '0xmain', tids: [100] },
      { word: '0xa', tids: [101, 103] },
      { word: '0xb', tids: [102] },
    ]);
    expect(e.detail).toBe('deadlock suspected: PID 100, 4 threads waiting on 3 locks for 3 s');
    expect(e.text.zh).toBe('疑似死锁：PID 100，4 个线程在等待 3 把锁，已 3 秒');
    expect(w.suspected()).toHaveLength(1);
  });

  it('withdraws when the process uses CPU again, when a thread stops waiting, and when it ends', () => {
    const w = new DeadlockWatch(1000);
    feed(w, () => look(deadlocked()), 0, 1500);
    expect(w.observe(1750, [look(deadlocked(), 51)], alive).map((e) => e.kind)).toEqual(['withdrawn']);
    feed(w, () => look(deadlocked(), 51), 2000, 3500);
    const moved = deadlocked();
    moved[1] = thread(101, { kind: 'running', source: 'state' });
    expect(w.observe(3750, [look(moved, 51)], alive).map((e) => [e.kind, e.ended])).toEqual([['withdrawn', undefined]]);
    feed(w, () => look(deadlocked(), 51), 4000, 5500);
    const gone = w.observe(5750, [], () => false);
    expect(gone.map((e) => [e.kind, e.detail, e.ended])).toEqual([['withdrawn', 'deadlock no longer suspected: PID 100 ended', true]]);
    expect(w.suspected()).toEqual([]);
  });

  it('a run ProcLab is ending takes its suspicion with it as ended (the stop woke it: not "moved again", seen in the proof)', () => {
    const w = new DeadlockWatch(3000);
    expect(feed(w, () => look(deadlocked()), 0, 3500).filter((e) => e.kind === 'suspected')).toHaveLength(1);
    const out: DeadlockEvent[] = [];
    w.ending('r1', 3600, out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'withdrawn', ended: true });
    // The signal's handler moves the CPU next: nothing more is said about it.
    expect(w.observe(3750, [look(deadlocked(), 60)], alive)).toEqual([]);
    // Another run's suspicion is not touched.
    const other: DeadlockEvent[] = [];
    w.ending('r2', 3800, other);
    expect(other).toEqual([]);
  });

  it('does not flag timed waits, sleepers, I/O or poll waiters, nor a process with one of them', () => {
    for (const other of [
      lock('0xc', true),
      { kind: 'sleep', source: 'syscall', call: 'clock_nanosleep' } as WaitReason,
      { kind: 'io', source: 'syscall', call: 'recvfrom', fd: 'socket' } as WaitReason,
      { kind: 'poll', source: 'syscall', call: 'pselect6' } as WaitReason,
      { kind: 'lock', source: 'syscall', call: 'flock', timed: false } as WaitReason,
    ]) {
      const w = new DeadlockWatch(1000);
      expect(feed(w, () => look([...deadlocked(), thread(104, other)]), 0, 5000)).toEqual([]);
      expect(untimedLockWait(other)).toBe(false);
    }
  });

  it('waits again after a progress or mark line of the run', () => {
    const w = new DeadlockWatch(1000);
    const out: DeadlockEvent[] = feed(w, () => look(deadlocked()), 0, 750);
    w.activity('r1', 800, out);
    out.push(...feed(w, () => look(deadlocked()), 1000, 1750));
    expect(out).toEqual([]);
    expect(feed(w, () => look(deadlocked()), 2000, 2000)).toHaveLength(1);
    w.activity('r1', 2100, out);
    expect(out.map((e) => e.kind)).toEqual(['withdrawn']);
  });

  it('counts wchan futex waits (timeouts unknown there) and says locks are unknown', () => {
    const w = new DeadlockWatch(1000);
    const wchan: WaitReason = { kind: 'lock', source: 'wchan', call: 'futex_do_wait' };
    const ev = feed(w, () => look([thread(100, wchan), thread(101, wchan)], 5, null), 0, 1000);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ source: 'wchan', locks: [{ word: null, tids: [100, 101] }], runId: null });
    expect(ev[0]!.detail).toMatch(/2 threads waiting on locks \(which ones/);
  });

  it('takes the stillness a caller already saw (system scope looks only after the threshold)', () => {
    const w = new DeadlockWatch(3000);
    const ev = w.observe(10_000, [{ ...look(deadlocked(), 5, null), stillSince: 4000 }], alive);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.since).toBe(4000);
  });
});

describe('deadlock watchdog: a whole run', () => {
  const shared = (word: string): WaitReason => ({ ...lock(word), shared: true });
  const child: WaitReason = { kind: 'child', source: 'syscall', call: 'wait4' };
  const parent = (ticks = 9): ProcLook => ({ ...look([thread(100, child)], ticks), pid: 100 });
  const worker = (pid: number, word: string, ticks = 3): ProcLook => ({
    ...look([{ ...thread(pid, shared(word)), pid }], ticks),
    pid,
  });

  it('flags processes crossed on shared (multiprocessing) locks with their parent joining, as one run', () => {
    const w = new DeadlockWatch(1000);
    const out: DeadlockEvent[] = [];
    for (let t = 0; t <= 1000; t += 250) out.push(...w.observe(t, [parent(), worker(201, '0xa'), worker(202, '0xb')], alive));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'suspected', pid: 100, pids: [100, 201, 202], runId: 'r1' });
    expect(out[0]!.detail).toBe("deadlock suspected: the run's processes (PID 100, 201, 202), 3 threads waiting on 3 locks for 1 s");
    // One worker moves: withdrawn.
    expect(w.observe(1250, [parent(), worker(201, '0xa', 4), worker(202, '0xb')], alive).map((e) => e.kind)).toEqual(['withdrawn']);
  });

  it('does not flag one process on a shared lock while the rest of its run works, nor a foreign one', () => {
    const w = new DeadlockWatch(1000);
    const busy: ProcLook = { ...look([{ ...thread(300, { kind: 'running', source: 'state' }), pid: 300 }], 50), pid: 300 };
    const out: DeadlockEvent[] = [];
    for (let t = 0; t <= 3000; t += 250) out.push(...w.observe(t, [worker(201, '0xa'), { ...busy, cpuTicks: 50 + t }], alive));
    for (let t = 0; t <= 3000; t += 250) out.push(...w.observe(t, [{ ...worker(401, '0xc'), runId: null }], alive));
    expect(out).toEqual([]);
  });
});

describe('lock marks and the wait-for cycle', () => {
  it('names the cycle of two threads crossed on A and B', () => {
    const m = new LockMarks();
    m.add('r', { label: 'acquired', lock: 'A', thread: '1' });
    m.add('r', { label: 'acquired', lock: 'B', thread: '2' });
    m.add('r', { label: 'waiting', lock: 'B', thread: '1' });
    expect(m.cycle('r')).toBeNull();
    m.add('r', { label: 'waiting', lock: 'A', thread: '2' });
    expect(m.cycle('r')).toEqual({
      en: 'thread 1 holds A and waits for B; thread 2 holds B and waits for A',
      zh: '线程 1 持有 A，等待 B；线程 2 持有 B，等待 A',
    });
    m.add('r', { label: 'released', lock: 'B', thread: '2' });
    expect(m.cycle('r')).toBeNull();
  });

  it('names a lock taken twice by one thread, tells threads by tid, and ignores other marks', () => {
    const m = new LockMarks();
    expect(m.add('r', { label: 'lock A acquired', lock: 'A', tid: 5 })).toBe(false);
    m.add('r', { label: 'acquired', lock: 'L', tid: 5 });
    m.add('r', { label: 'waiting', lock: 'L', tid: 5 });
    expect(m.cycle('r')?.en).toBe('thread 5 holds L and waits for L');
    expect(m.cycle('other')).toBeNull();
  });

  it('reaches the watchdog event', () => {
    const m = new LockMarks();
    m.add('r1', { label: 'acquired', lock: 'A', thread: '1' });
    m.add('r1', { label: 'waiting', lock: 'A', thread: '1' });
    const w = new DeadlockWatch(500, (id) => m.cycle(id));
    const [e] = feed(w, () => look(deadlocked()), 0, 500);
    expect(e?.cycle).toBe('thread 1 holds A and waits for A');
    expect(e?.cycleText?.zh).toBe('线程 1 持有 A，等待 A');
  });
});

describe('a deadlock among the threads of a marked cycle', () => {
  // A Node process: two workers crossed on A/B, main and V8 helpers in untimed futex waits, and
  // Node's delayed-task thread in epoll_wait with no timeout, which it never leaves.
  const epoll: WaitReason = { kind: 'poll', source: 'syscall', call: 'epoll_wait' };
  const nodeThreads = (wA: WaitReason = lock('0xb')) => [
    thread(100, lock('0xmain')),
    thread(101, epoll),
    thread(102, lock('0xv8')),
    thread(110, wA),
    thread(111, lock('0xa')),
    thread(112, lock('0xa')),
  ];
  const marks = () => {
    const m = new LockMarks();
    m.add('r1', { label: 'acquired', lock: 'A', tid: 110, thread: 'worker-0' });
    m.add('r1', { label: 'acquired', lock: 'B', tid: 111, thread: 'worker-1' });
    m.add('r1', { label: 'waiting', lock: 'B', tid: 110, thread: 'worker-0' });
    m.add('r1', { label: 'waiting', lock: 'A', tid: 111, thread: 'worker-1' });
    return m;
  };

  it('gives the cycle threads kernel ids only when every mark of the cycle carried one', () => {
    expect(marks().cycleTids('r1')).toEqual([110, 111]);
    const m = new LockMarks();
    m.add('r', { label: 'acquired', lock: 'L', thread: 'main' });
    m.add('r', { label: 'waiting', lock: 'L', thread: 'main' });
    expect(m.cycleTids('r')).toBeNull();
    expect(m.cycleTids('nothing')).toBeNull();
  });

  it("suspects the process although one thread waits in epoll, naming the threads on the cycle's locks", () => {
    const m = marks();
    const w = new DeadlockWatch(1000, (id) => m.cycle(id));
    const withCycle = () => ({ ...look(nodeThreads()), cycleTids: m.cycleTids('r1') });
    expect(feed(w, () => look(nodeThreads()), 0, 3000)).toEqual([]);
    const [e, ...more] = feed(w, withCycle, 3250, 5000);
    expect(more).toEqual([]);
    // The crossed pair and the worker queued on A; not main or V8's helpers on words of their own.
    expect(e?.threads.map((t) => t.tid)).toEqual([110, 111, 112]);
    expect(e?.locks).toEqual([
      { word: '0xb', tids: [110] },
      { word: '0xa', tids: [111, 112] },
    ]);
    expect(e?.detail).toBe('deadlock suspected: PID 100, 3 threads waiting on 2 locks for 1 s');
    expect(e?.cycle).toBe('thread worker-0 holds A and waits for B; thread worker-1 holds B and waits for A');
  });

  it("suspects it while V8's helpers use CPU, and withdraws when a stuck thread itself runs", () => {
    const m = marks();
    const w = new DeadlockWatch(1000, (id) => m.cycle(id));
    let t = 0;
    // The process total (and V8's helper, TID 102) ticks on every look; the cycle's threads do not.
    const busyHelpers = () => {
      t += 1;
      const ticks = new Map([...nodeThreads().map((x) => [x.tid, 5] as const), [102, 5 + t]]);
      return { ...look(nodeThreads(), 50 + t), cycleTids: m.cycleTids('r1'), tidTicks: ticks };
    };
    const ev = feed(w, busyHelpers, 0, 2000);
    expect(ev.map((e) => e.kind)).toEqual(['suspected']);
    expect(ev[0]!.since).toBe(0);
    // A thread of the stuck set runs: the process moved.
    const ran = { ...busyHelpers(), tidTicks: new Map([...busyHelpers().tidTicks!, [111, 6]]) };
    expect(w.observe(2250, [ran], alive).map((e) => e.kind)).toEqual(['withdrawn']);
  });

  it('does not suspect it when a cycle thread is not in an untimed lock wait', () => {
    const w = new DeadlockWatch(1000);
    const timed = () => ({ ...look(nodeThreads(lock('0xb', true))), cycleTids: [110, 111] });
    expect(feed(w, timed, 0, 3000)).toEqual([]);
    const gone = () => ({ ...look(nodeThreads()), cycleTids: [110, 999] });
    expect(feed(w, gone, 3250, 6000)).toEqual([]);
  });
});

describe('protocol: lock marks', () => {
  it('carries lock and thread on a mark, and drops wrong types', () => {
    expect(parseProtocolLine('{"ev":"mark","label":"acquired","lock":"A","thread":1,"tid":77}')).toEqual({
      type: 'output',
      kind: 'mark',
      text: 'acquired',
      data: { tid: 77, lock: 'A', thread: '1' },
    });
    expect(parseProtocolLine('{"ev":"mark","label":"waiting","lock":5}')).toEqual({
      type: 'output',
      kind: 'mark',
      text: 'waiting',
      data: {},
    });
  });
});

describe('foreign stillness', () => {
  it('asks for a look once still for the threshold, then only every recheck, and always while flagged', () => {
    const s = new ForeignStillness(10_000);
    expect(s.update(9, 1, 40, 0)).toBe(0);
    expect(s.due(9, 1, 1000, 3000, false)).toBe(false);
    s.update(9, 1, 40, 3000);
    expect(s.due(9, 1, 3000, 3000, false)).toBe(true);
    s.update(9, 1, 40, 4000);
    expect(s.due(9, 1, 4000, 3000, false)).toBe(false);
    expect(s.due(9, 1, 4000, 3000, true)).toBe(true);
    expect(s.update(9, 1, 41, 5000)).toBe(5000);
    expect(s.due(9, 1, 5000, 3000, false)).toBe(false);
    s.sweep(6000);
    expect(s.due(9, 1, 20_000, 3000, true)).toBe(false);
  });
});
