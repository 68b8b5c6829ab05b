import { describe, expect, it, vi } from 'vitest';
import type { LifecycleEvent, RunData, RunInfo, RunOutput } from '../../../../src/shared/model';
import { proc, tick } from '../../renderer-fixtures';
import { RingBuffer } from '../../../../src/renderer/src/store/ring';
import {
  applyLifecycle,
  applyOutputs,
  applyRun,
  applyTick,
  HISTORY_CAPACITY,
  initialState,
  liveFromRunData,
  MAX_LIVE_RUNS,
  recentCores,
  setFrozen,
} from '../../../../src/renderer/src/store/state';
import { PENDING_FLUSH_MS, ProclabStore } from '../../../../src/renderer/src/store/store';

function run(id: string, over: Partial<RunInfo> = {}): RunInfo {
  return {
    id,
    name: id,
    scenarioId: 'sample-scenario',
    runtime: 'python',
    params: {},
    argv: [],
    cwd: '/',
    status: 'running',
    startedAt: 0,
    endedAt: null,
    rootPid: 1,
    exit: null,
    reason: null,
    verdict: null,
    tags: [],
    ...over,
  };
}

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const r = new RingBuffer<number>(3);
    expect(r.toArray()).toEqual([]);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.length).toBe(3);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.at(0)).toBe(3);
    expect(r.at(-1)).toBe(5);
    expect(r.last()).toBe(5);
    expect(r.at(3)).toBeUndefined();
    expect(r.pushes).toBe(5);
  });
  it('tailWhile returns the newest run of matching items in order', () => {
    const r = new RingBuffer<number>(4);
    [1, 5, 6, 7, 8].forEach((x) => r.push(x));
    expect(r.tailWhile((x) => x > 5)).toEqual([6, 7, 8]);
    expect(r.tailWhile(() => false)).toEqual([]);
    r.clear();
    expect(r.length).toBe(0);
  });
  it('refuses a useless capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('store reducers', () => {
  it('a tick lands in the bounded core history and per-run series', () => {
    let s = applyRun(initialState(), run('r1'));
    s = applyTick(
      s,
      tick(1000, { processes: [proc(10, { runId: 'r1', cpu: 150, rss: 2048, threads: 3 }), proc(11, { runId: 'r1', cpu: 50 }), proc(12)] }),
    );
    expect(s.tick?.ts).toBe(1000);
    expect(s.history.length).toBe(1);
    const live = s.live.r1!;
    expect(live.series.last()).toEqual({ ts: 1000, cores: 2, rss: 3072, procs: 2, threads: 4 });
    expect(live.machine.last()!.busy).toBeCloseTo(0.3);
    for (let i = 0; i < HISTORY_CAPACITY + 50; i++) s = applyTick(s, tick(2000 + i * 250));
    expect(s.history.length).toBe(HISTORY_CAPACITY);
  });

  it('a running run with no process this tick still gets a zero point', () => {
    let s = applyRun(initialState(), run('r1'));
    s = applyTick(s, tick(1000));
    expect(s.live.r1!.series.last()).toMatchObject({ cores: 0, procs: 0 });
  });

  it('recentCores keeps only the last 60 s', () => {
    let s = initialState();
    for (let i = 0; i <= 120; i++) s = applyTick(s, tick(i * 1000));
    const recent = recentCores(s.history);
    expect(recent[0]!.ts).toBe(61_000);
    expect(recent[recent.length - 1]!.ts).toBe(120_000);
  });

  it('lifecycle events and outputs go to their run: log, marks, metrics, progress, result', () => {
    let s = initialState();
    const ev: LifecycleEvent = {
      kind: 'exited',
      ts: 5,
      runId: 'r1',
      pid: 10,
      startTime: 1,
      name: 'python3',
      ppid: 1,
      detail: 'killed by SIGKILL',
    };
    s = applyLifecycle(s, [ev, { ...ev, runId: null }]);
    const out = (o: Partial<RunOutput>): RunOutput => ({ runId: 'r1', ts: 6, stream: 'stdout', kind: 'log', ...o });
    s = applyOutputs(s, [
      out({ text: 'hello' }),
      out({ stream: 'stderr', text: 'oops' }),
      out({ kind: 'mark', text: 'lock A acquired', data: { tid: 77 } }),
      out({ kind: 'metric', data: { name: 'tickets_left', value: 3 } }),
      out({ kind: 'metric', data: { name: 'tickets_left', value: 'bad' } }),
      out({ kind: 'progress', data: { done: 2, total: 4 } }),
      out({ kind: 'result', data: { wall_ms: 12 } }),
    ]);
    const live = s.live.r1!;
    expect(live.logs.toArray().map((l) => l.text)).toEqual(['hello', 'oops']);
    expect(live.timeline.toArray().map((e) => e.kind)).toEqual(['exited', 'mark']);
    expect(live.timeline.at(1)).toMatchObject({ detail: 'lock A acquired', tid: 77 });
    expect(live.metrics.get('tickets_left')!.toArray()).toEqual([{ ts: 6, value: 3 }]);
    expect(live.progress).toEqual({ done: 2, total: 4 });
    expect(live.result).toEqual({ wall_ms: 12 });
  });

  it('keeps live buffers for a bounded number of runs, never evicting a running one', () => {
    let s = applyRun(initialState(), run('keep'));
    for (let i = 0; i < MAX_LIVE_RUNS + 5; i++) s = applyRun(s, run(`done${i}`, { status: 'finished' }));
    expect(Object.keys(s.live).length).toBe(MAX_LIVE_RUNS);
    expect(s.live.keep).toBeDefined();
  });

  it('freeze keeps the tick of the moment', () => {
    let s = applyTick(initialState(), tick(1));
    s = setFrozen(s, true);
    s = applyTick(s, tick(2));
    expect(s.frozen?.ts).toBe(1);
    expect(s.tick?.ts).toBe(2);
    expect(setFrozen(s, false).frozen).toBeNull();
  });

  it('a journal read back becomes the same live shape', () => {
    const data: RunData = {
      info: run('r9', { status: 'finished' }),
      machine: { cpuModel: 'x', cores: 2, os: 'linux', kernel: '6', node: '20', python: null },
      samples: [{ ts: 1, cores: [100, 50], procs: [{ pid: 1, startTime: 1, cpu: 100, rss: 10, threads: 2, state: 'running' }] }],
      events: [{ kind: 'spawned', ts: 0, runId: 'r9', pid: 1, startTime: 1, name: 'x', ppid: 0, detail: 'started' }],
      outputs: [{ runId: 'r9', ts: 1, stream: 'stdout', kind: 'log', text: 'hi' }],
    };
    const live = liveFromRunData(data);
    expect(live.series.toArray()).toEqual([{ ts: 1, cores: 1, rss: 10, procs: 1, threads: 2 }]);
    expect(live.machine.toArray()).toEqual([{ ts: 1, busy: 1.5 }]);
    expect(live.timeline.length).toBe(1);
    expect(live.logs.length).toBe(1);
  });
});

describe('ProclabStore', () => {
  it('folds the events queued between ticks into ONE update with the next tick', () => {
    vi.useFakeTimers();
    try {
      const store = new ProclabStore();
      const listener = vi.fn();
      store.subscribe(listener);
      const ev: LifecycleEvent = { kind: 'spawned', ts: 1, runId: 'r1', pid: 2, startTime: 1, name: 'a', ppid: 1, detail: 'started' };
      store.receiveLifecycle([ev]);
      store.receiveOutputs([{ runId: 'r1', ts: 1, stream: 'stdout', kind: 'log', text: 'x' }]);
      store.receiveLifecycle([ev]);
      expect(listener).not.toHaveBeenCalled();
      store.receiveTick(tick(10));
      expect(listener).toHaveBeenCalledTimes(1);
      expect(store.getState().live.r1!.timeline.length).toBe(2);
      expect(store.getState().live.r1!.logs.length).toBe(1);
      // Nothing left pending: the timer does not fire a second update.
      vi.advanceTimersByTime(PENDING_FLUSH_MS * 2);
      expect(listener).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('without ticks, queued events still show after a short delay', () => {
    vi.useFakeTimers();
    try {
      const store = new ProclabStore();
      const listener = vi.fn();
      store.subscribe(listener);
      store.receiveOutputs([{ runId: 'r1', ts: 1, stream: 'stdout', kind: 'log', text: 'x' }]);
      vi.advanceTimersByTime(PENDING_FLUSH_MS + 1);
      expect(listener).toHaveBeenCalledTimes(1);
      expect(store.getState().live.r1!.logs.length).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a run update flushes pending events first and unsubscribing stops notifications', () => {
    const store = new ProclabStore();
    const listener = vi.fn();
    const off = store.subscribe(listener);
    store.receiveOutputs([{ runId: 'r1', ts: 1, stream: 'stdout', kind: 'log', text: 'last words' }]);
    store.receiveRun(run('r1', { status: 'finished' }));
    expect(store.getState().live.r1!.logs.length).toBe(1);
    expect(store.getState().runs.r1!.status).toBe('finished');
    off();
    store.receiveTick(tick(1));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
