import { describe, expect, it } from 'vitest';
import type { RunSample, ThreadRow } from '../../src/shared/model';
import lesson from './lesson';
import {
  checkedBilingual,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  ev,
  makeRun,
  out,
  proc,
  ROOT,
  sample,
  T0,
} from '../../test/lessons/rundata';

const verdictOf = checkedBilingual(lesson, 'pools');

const W = [2001, 2002];
const thread = (tid: number, pid = ROOT): ThreadRow => ({
  tid,
  pid,
  name: 'python3',
  state: 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait: { kind: 'sleep', source: 'syscall' },
});

/** Before the pool (0.2 s) only the root; from 0.6 s to 3 s the pool's two workers (as processes or as threads of the root). */
function samples(asThreads: boolean, extra: number[] = []): RunSample[] {
  return [0.2, 0.8, 1.4, 2, 2.6, 3.4].map((t) => {
    const live = t > 0.5 && t < 3 ? [...W, ...extra] : [];
    const s = sample(t, [proc(ROOT, 1, { threads: 1 + (asThreads ? live.length : 0) }), ...(asThreads ? [] : live.map((p) => proc(p, 1)))]);
    s.threads = [thread(ROOT), ...(asThreads ? live.map((tid) => thread(tid)) : live.map((p) => thread(p, p)))];
    return s;
  });
}
const base = {
  pool_size: 2,
  tasks: 4,
  task_ms: 100,
  parent_pid: ROOT,
  main_tid: ROOT,
  apply_wall_ms: 430,
  apply_overlap: 1,
  async_wall_ms: 220,
  async_overlap: 2,
  callbacks: 4,
  map_order: '0,1,2,3',
  map_end_order: '1,0,3,2',
  workers_seen: 2,
  worker_ids: W.join(','),
};
const executor = {
  task_lengths: '100,75,50,25',
  ac_order: '1,0,3,2',
  ac_end_ms: '76,101,127,152',
  cancel_index: 6,
  cancel_ok: 1,
  cancelled_state: 1,
  shutdown_wait_ms: 100,
  shutdown_all_done: 1,
  shutdown_nowait_ms: 0,
  nowait_done_at_return: 0,
  nowait_done_later: 1,
};
const mpResult = { ...base, kind: 'mp', callback_pids: String(ROOT), callback_tids: '1005' };
const threadsResult = { ...base, ...executor, kind: 'threads', callback_pids: String(ROOT), callback_tids: W.join(',') };
const processesResult = { ...base, ...executor, kind: 'processes', callback_pids: String(ROOT), callback_tids: '1007' };
const marks = [out('mark', 0.5, {}, 'pool started'), out('mark', 3, {}, 'pool shut down')];

function run(
  result: Record<string, unknown>,
  o: {
    asThreads?: boolean;
    extra?: number[];
    runtime?: 'python' | 'node';
    samples?: RunSample[];
    outputs?: ReturnType<typeof out>[];
    marks?: ReturnType<typeof out>[];
    events?: ReturnType<typeof ev>[];
  } = {},
) {
  const asThreads = o.asThreads ?? (result.kind === 'threads' || o.runtime === 'node');
  const spawned = asThreads ? [] : [...W, ...(o.extra ?? [])].map((p) => ev('spawned', p, 0.6));
  return makeRun({
    runtime: o.runtime,
    samples: o.samples ?? samples(asThreads, o.extra),
    events: [...spawned, ...(o.events ?? [])],
    outputs: [...(o.marks ?? marks), ...(o.outputs ?? []), out('result', 3.5, result)],
  });
}

describe('pools verdict', () => {
  it('mp: passes with serial apply, overlapping apply_async, callbacks in the parent, two worker processes', () => {
    const v = verdictOf(run(mpResult));
    expect(v.outcome).toBe('pass');
    expect(v.figures.engineWorkers).toBe(2);
  });
  it('mp: FAILS when the callback ran in a worker (its PID is a worker’s)', () => {
    const v = verdictOf(run({ ...mpResult, callback_pids: String(W[0]) }));
    expect(v.outcome).toBe('fail');
    expect(v.claims[3]!.pass).toBe(false);
    expect(v.claims[3]!.measured).toContain(`ran in pid ${W[0]}`);
  });
  it('mp: fails when apply() overlapped tasks', () =>
    expect(verdictOf(run({ ...mpResult, apply_overlap: 2 })).claims[1]!.pass).toBe(false));
  it('threads: passes with the callbacks in the worker threads', () => expect(verdictOf(run(threadsResult)).outcome).toBe('pass'));
  it('threads: fails when the callbacks ran on the main thread', () =>
    expect(verdictOf(run({ ...threadsResult, callback_tids: String(ROOT) })).claims[3]!.pass).toBe(false));
  it('processes: passes with the callbacks in the parent', () => expect(verdictOf(run(processesResult)).outcome).toBe('pass'));
  it('FAILS when as_completed yielded in submission order although the tasks had different lengths', () => {
    const v = verdictOf(run({ ...processesResult, ac_order: '0,1,2,3', ac_end_ms: '101,102,127,152' }));
    expect(v.outcome).toBe('fail');
    const c = v.claims.find((x) => x.text.en.startsWith('as_completed'))!;
    expect(c.pass).toBe(false);
  });
  it('fails when as_completed yielded out of completion order', () =>
    expect(verdictOf(run({ ...processesResult, ac_order: '1,3,0,2', ac_end_ms: '76,152,101,127' })).outcome).toBe('fail'));
  it('fails when map() returned results in completion order', () =>
    expect(verdictOf(run({ ...threadsResult, map_order: '1,0,3,2' })).outcome).toBe('fail'));
  it('fails when the cancelled task ran after all', () =>
    expect(verdictOf(run(threadsResult, { outputs: [out('mark', 2, {}, 'task cancel:6 start (pid 1000)')] })).outcome).toBe('fail'));
  it('fails when the engine saw more worker processes than the pool size', () => {
    const v = verdictOf(run(processesResult, { extra: [2003] }));
    expect(v.outcome).toBe('fail');
    expect(v.claims.at(-1)!.measured).toContain('saw 3 new processes');
  });
  it('does not count the next pool’s worker that a tick begun before "pool shut down" found (seen live under load)', () => {
    // The one-worker pool after the mark forks 2003; the tick that found it had stamped its sample
    // before looking for new processes, so the sample is dated before the mark, the event after.
    const s = samples(false);
    s.splice(5, 0, { ...sample(2.95, [proc(ROOT, 1), ...W.map((p) => proc(p, 1)), proc(2003, 1)]), threads: [] });
    const v = verdictOf(run(processesResult, { samples: s, events: [ev('spawned', 2003, 3.02)] }));
    expect(v.figures.engineWorkers).toBe(2);
    expect(v.outcome).toBe('pass');
  });
  it('is inconclusive, not failed, when no sample fell while the pool lived (a very busy machine)', () => {
    const s = samples(true).filter((x) => x.ts < T0 + 500 || x.ts > T0 + 3000);
    const v = verdictOf(run(threadsResult, { samples: s }));
    expect(v.outcome).toBe('inconclusive');
    expect(v.claims.at(-1)!.measured).toContain('saw ? new threads');
  });
  it('dates the pool by the program’s clock: a "pool started" line read late still has its workers counted', () => {
    const late = [out('mark', 0.9, { at: T0 + 500 }, 'pool started'), out('mark', 3, { at: T0 + 3000 }, 'pool shut down')];
    const v = verdictOf(run(processesResult, { marks: late }));
    expect(v.figures.engineWorkers).toBe(2);
    expect(v.outcome).toBe('pass');
  });
  it('node: passes with callbacks on the main thread; threads seen before the pool are not counted', () => {
    const s = samples(true).map((x) => ({ ...x, threads: [...x.threads!, thread(1001), thread(1002)] }));
    const v = verdictOf(run({ ...threadsResult, callback_tids: String(ROOT) }, { runtime: 'node', samples: s }));
    expect(v.outcome).toBe('pass');
    expect(v.figures.engineWorkers).toBe(2);
  });
  it('node: fails when a callback ran in a worker thread', () =>
    expect(verdictOf(run(threadsResult, { runtime: 'node' })).outcome).toBe('fail'));
  it('is inconclusive for as_completed with a one-worker pool', () => {
    const v = verdictOf(
      run(
        {
          ...threadsResult,
          pool_size: 1,
          async_overlap: 1,
          ac_order: '0,1,2,3',
          workers_seen: 1,
          worker_ids: String(W[0]),
          callback_tids: String(W[0]),
        },
        { extra: [], samples: samples(true).map((x) => ({ ...x, threads: x.threads!.filter((t) => t.tid !== W[1]) })) },
      ),
    );
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive?.text.en).toContain('one-worker pool');
  });
  expectInconclusiveOnBadResult(verdictOf, 'tasks');
});

expectAllOutcomesChecked(verdictOf);
