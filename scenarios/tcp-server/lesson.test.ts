import { describe, expect, it } from 'vitest';
import type { WaitKind } from '../../src/shared/model';
import lesson from './lesson';
import {
  checkedBilingual,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  makeRun,
  out,
  proc,
  ROOT,
  sample,
} from '../../test/lessons/rundata';

const tcpServerVerdict = checkedBilingual(lesson, 'tcp-server');
const CLIENT = 2000;

const clientResult = {
  client_pid: CLIENT,
  clients: 4,
  messages_echoed: 200,
  messages_expected: 200,
  errors: 0,
  throughput_msg_s: 900,
  throughput_mb_s: 0.5,
  p50_ms: 0.2,
  p99_ms: 3,
};
const marks = [
  out('mark', 0.5, {}, 'listening on 127.0.0.1:40000 (x model), idle for 1500 ms before the load'),
  out('result', 0.5, { port: 40000, server_pid: ROOT }),
  out('mark', 2, {}, 'load starts: 4 clients x 50 messages x 512 bytes'),
  out('mark', 2.5, {}, 'load: all 4 connections open'),
  out('mark', 4, {}, 'load: done, 200 messages echoed'),
  out('result', 4, clientResult),
];

/** Samples every 0.25 s: the idle window (0.5–2 s) with `idle` cores and threads, then the load window. */
function samples(o: {
  idleCpu: number;
  idleThreads: number;
  loadThreads: number;
  children?: number;
  others?: number;
  lane?: WaitKind;
  /** Threads and TCP sockets of each child in the load window (hybrid's worker processes). */
  childThreads?: number;
  childTcp?: (i: number) => Record<string, number> | undefined;
}) {
  const r = [];
  for (let t = 0.25; t <= 4.5; t += 0.25) {
    const loading = t >= 2.5 && t <= 4;
    const procs = [proc(ROOT, loading ? 30 : t > 0.5 ? o.idleCpu : 80, { threads: loading ? o.loadThreads : o.idleThreads })];
    if (t > 2) procs.push(proc(CLIENT, 40, { threads: 5 }));
    if (loading)
      for (let i = 0; i < (o.children ?? 0); i++) {
        const tcp = o.childTcp?.(i);
        procs.push(proc(3000 + i, 10, { threads: o.childThreads ?? 1, ...(tcp && { tcp }) }));
      }
    const s = sample(t, procs);
    // The machine's busy cores: the run's own processes plus what other programs used.
    const busy = procs.reduce((a, p) => a + p.cpu, 0) + (o.others ?? 0) * 100;
    s.cores = [Math.min(100, busy), Math.max(0, busy - 100)];
    // The server's main thread as the wait-reason reader saw it.
    const kind = o.lane ?? (o.idleCpu > 50 ? 'running' : 'poll');
    s.threads = [
      {
        tid: ROOT,
        pid: ROOT,
        name: 'server',
        state: kind === 'running' ? 'running' : 'sleeping',
        cpu: 0,
        lastCore: 0,
        wait: { kind, source: 'syscall' },
      },
    ];
    r.push(s);
  }
  return r;
}
const run = (model: string, s: ReturnType<typeof samples>, extra: Partial<Parameters<typeof makeRun>[0]> = {}) =>
  makeRun({ params: { model, clients: 4, pool: 2 }, samples: s, outputs: marks, endSec: 4.5, ...extra });

describe('tcp-server verdict', () => {
  it('process: passes with one server process per client, counted by the engine (the client left out)', () => {
    const v = tcpServerVerdict(run('process', samples({ idleCpu: 0, idleThreads: 1, loadThreads: 1, children: 4 })));
    expect(v.outcome).toBe('pass');
    expect(v.figures.peakServerProcs).toBe(4);
  });
  it('process: fails when the engine saw fewer processes than clients', () =>
    expect(tcpServerVerdict(run('process', samples({ idleCpu: 0, idleThreads: 1, loadThreads: 1, children: 2 }))).outcome).toBe('fail'));
  it('thread: one thread per client passes, a flat thread count fails', () => {
    expect(tcpServerVerdict(run('thread', samples({ idleCpu: 0, idleThreads: 1, loadThreads: 5 }))).outcome).toBe('pass');
    expect(tcpServerVerdict(run('thread', samples({ idleCpu: 0, idleThreads: 1, loadThreads: 2 }))).outcome).toBe('fail');
  });
  it('pool: never more threads than the pool', () => {
    expect(tcpServerVerdict(run('pool', samples({ idleCpu: 0, idleThreads: 1, loadThreads: 3 }))).outcome).toBe('pass');
    expect(tcpServerVerdict(run('pool', samples({ idleCpu: 0, idleThreads: 1, loadThreads: 5 }))).outcome).toBe('fail');
  });
  it('node async: stays at its idle thread count', () => {
    const s = samples({ idleCpu: 1, idleThreads: 7, loadThreads: 7 });
    expect(tcpServerVerdict(run('async', s, { runtime: 'node' })).outcome).toBe('pass');
    expect(tcpServerVerdict(run('async', samples({ idleCpu: 1, idleThreads: 7, loadThreads: 11 }), { runtime: 'node' })).outcome).toBe(
      'fail',
    );
  });
  describe('node hybrid: processes × threads × coroutines, from the engine counts', () => {
    const hybrid = (childThreads: number, childTcp: (i: number) => Record<string, number> | undefined, children = 2) =>
      tcpServerVerdict(
        run('hybrid', samples({ idleCpu: 1, idleThreads: 7, loadThreads: 7, children, childThreads, childTcp }), { runtime: 'node' }),
      );
    it('passes with 2 worker processes of baseline + pool threads holding the connections', () => {
      const v = hybrid(9, () => ({ ESTABLISHED: 2 }));
      expect(v.outcome).toBe('pass');
      expect(v.claims.map((c) => c.text.en).join('\n')).toMatch(/serve the connections/);
    });
    it('fails when the worker processes have no more threads than one event loop', () =>
      expect(hybrid(7, () => ({ ESTABLISHED: 2 })).outcome).toBe('fail'));
    it('fails when one worker process held every connection', () =>
      expect(hybrid(9, (i) => (i === 0 ? { ESTABLISHED: 4 } : undefined)).outcome).toBe('fail'));
    it('fails with a single worker process', () => expect(hybrid(9, () => ({ ESTABLISHED: 4 }), 1).outcome).toBe('fail'));
    it('is inconclusive when no socket reading fell while the connections were open', () => {
      const v = hybrid(9, () => undefined);
      expect(v.outcome).toBe('inconclusive');
      expect(v.inconclusive!.text.en).toMatch(/no socket reading/);
    });
  });
  it("async: fails when the server's thread is not asleep in poll while idle", () =>
    expect(tcpServerVerdict(run('async', samples({ idleCpu: 1, idleThreads: 1, loadThreads: 1, lane: 'sleep' }))).outcome).toBe('fail'));
  it('a waiting server that burns CPU while idle fails', () =>
    expect(tcpServerVerdict(run('select', samples({ idleCpu: 60, idleThreads: 1, loadThreads: 1 }))).outcome).toBe('fail'));
  it('busy: passes at a full core while idle, fails at nothing', () => {
    const v = tcpServerVerdict(run('busy', samples({ idleCpu: 98, idleThreads: 1, loadThreads: 1 })));
    expect(v.outcome).toBe('pass');
    expect(v.figures.idleCores).toBeCloseTo(0.98);
    expect(tcpServerVerdict(run('busy', samples({ idleCpu: 5, idleThreads: 1, loadThreads: 1 }))).outcome).toBe('fail');
  });
  it('busy: inconclusive when other programs left no free core', () => {
    const v = tcpServerVerdict(run('busy', samples({ idleCpu: 40, idleThreads: 1, loadThreads: 1, others: 1, lane: 'runnable' })));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive!.text.en).toMatch(/cores were free/);
  });
  it('busy: inconclusive when the loop never waited yet got little CPU (the host withheld it)', () => {
    const v = tcpServerVerdict(run('busy', samples({ idleCpu: 40, idleThreads: 1, loadThreads: 1, lane: 'runnable' })));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive!.text.en).toMatch(/never waited/);
  });
  it('fails when messages were lost', () => {
    const outputs = [...marks.slice(0, 5), out('result', 4, { ...clientResult, messages_echoed: 150, errors: 1 })];
    expect(tcpServerVerdict(run('thread', samples({ idleCpu: 0, idleThreads: 1, loadThreads: 5 }), { outputs })).outcome).toBe('fail');
  });
  expectInconclusiveOnBadResult(tcpServerVerdict, 'p99_ms');
});

expectAllOutcomesChecked(tcpServerVerdict);
