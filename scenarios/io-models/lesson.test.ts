import { describe, expect, it } from 'vitest';
import type { ThreadRow, WaitKind } from '../../src/shared/model';
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

const ioModelsVerdict = checkedBilingual(lesson, 'io-models');
const SOURCE = 2000;

const row = (tid: number, kind: WaitKind): ThreadRow => ({
  tid,
  pid: ROOT,
  name: 'python3',
  state: kind === 'running' ? 'running' : 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait: { kind, source: 'syscall' },
});

/** Samples every 0.25 s over a 1.5 s wait (0.5–2 s): the reader's cpu (percent) and its threads' wait kinds. */
function run(o: {
  model: string;
  wallMs: number;
  cpu: number;
  kinds: WaitKind[];
  runtime?: 'python' | 'node';
  others?: number;
  answers?: number;
}) {
  const samples = [];
  for (let t = 0.25; t <= 2.5; t += 0.25) {
    const waiting = t > 0.5 && t <= 2;
    const s = sample(t, [proc(ROOT, waiting ? o.cpu : 20, { threads: o.kinds.length }), proc(SOURCE, 1)]);
    const busy = (waiting ? o.cpu : 20) + 1 + (o.others ?? 0) * 100;
    s.cores = [Math.min(100, busy), Math.max(0, busy - 100)];
    if (waiting) s.threads = o.kinds.map((k, i) => row(i === 0 ? ROOT : ROOT + i, k));
    samples.push(s);
  }
  return makeRun({
    runtime: o.runtime,
    params: { model: o.model, sources: 3, delay_ms: 1500 },
    samples,
    outputs: [
      out('mark', 0.4, {}, 'sources ready: 3 sockets on 127.0.0.1:4000 answer after 1500 ms each'),
      out('mark', 0.5, {}, `waiting starts (${o.model})`),
      out('mark', 2, {}, 'all answers in'),
      out('result', 2, { model: o.model, sources: 3, delay_ms: 1500, answers: o.answers ?? 3, wall_ms: o.wallMs, source_pid: SOURCE }),
    ],
    endSec: 2.5,
  });
}

describe('io-models verdict', () => {
  it('select: passes with one delay, no CPU and the thread in poll', () => {
    const v = ioModelsVerdict(run({ model: 'select', wallMs: 1520, cpu: 1, kinds: ['poll'] }));
    expect(v.outcome).toBe('pass');
    expect(v.figures.laneShare).toBe(1);
  });
  it('select: fails when the lane shows I/O wait instead of poll', () =>
    expect(ioModelsVerdict(run({ model: 'select', wallMs: 1520, cpu: 1, kinds: ['io'] })).outcome).toBe('fail'));
  it('blocking: the waits add up and the thread sits in I/O wait', () => {
    expect(ioModelsVerdict(run({ model: 'blocking', wallMs: 4600, cpu: 1, kinds: ['io'] })).outcome).toBe('pass');
    expect(ioModelsVerdict(run({ model: 'blocking', wallMs: 1600, cpu: 1, kinds: ['io'] })).outcome).toBe('fail');
  });
  it('threads: the worker threads (not main, which joins) show I/O wait', () => {
    expect(ioModelsVerdict(run({ model: 'threads', wallMs: 1550, cpu: 1, kinds: ['lock', 'io', 'io', 'io'] })).outcome).toBe('pass');
    expect(ioModelsVerdict(run({ model: 'threads', wallMs: 1550, cpu: 1, kinds: ['io', 'sleep', 'sleep', 'sleep'] })).outcome).toBe('fail');
  });
  it('polling: passes at a full core while running, fails at none', () => {
    expect(ioModelsVerdict(run({ model: 'polling', wallMs: 1510, cpu: 97, kinds: ['running'] })).outcome).toBe('pass');
    // A "polling" reader that slept in poll the whole time did not poll at all.
    expect(ioModelsVerdict(run({ model: 'polling', wallMs: 1510, cpu: 3, kinds: ['poll'] })).outcome).toBe('fail');
  });
  it('polling: inconclusive when other programs left no free core', () => {
    const v = ioModelsVerdict(run({ model: 'polling', wallMs: 1510, cpu: 40, kinds: ['runnable'], others: 1.5 }));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive!.text.en).toMatch(/cores were free/);
  });
  it('polling: inconclusive when it never waited yet got little CPU (the host withheld it), even with idle cores shown', () => {
    const v = ioModelsVerdict(run({ model: 'polling', wallMs: 1510, cpu: 30, kinds: ['runnable'] }));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive!.text.en).toMatch(/never waited/);
  });
  it('node async: poll on the main thread; a slow total fails', () => {
    expect(ioModelsVerdict(run({ model: 'async', runtime: 'node', wallMs: 1540, cpu: 1, kinds: ['poll', 'poll'] })).outcome).toBe('pass');
    expect(ioModelsVerdict(run({ model: 'async', runtime: 'node', wallMs: 4540, cpu: 1, kinds: ['poll'] })).outcome).toBe('fail');
  });
  it('fails when a source did not answer', () =>
    expect(ioModelsVerdict(run({ model: 'select', wallMs: 1520, cpu: 1, kinds: ['poll'], answers: 2 })).outcome).toBe('fail'));
  expectInconclusiveOnBadResult(ioModelsVerdict, 'wall_ms');
});

expectAllOutcomesChecked(ioModelsVerdict);
