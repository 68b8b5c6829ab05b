import { describe, expect, it } from 'vitest';
import type { RunSample, ThreadRow } from '../../src/shared/model';
import lesson from './lesson';
import {
  checkedBilingual,
  expectAllOutcomesChecked,
  expectInconclusiveOnBadResult,
  exited,
  makeRun,
  out,
  proc,
  ROOT,
  sample,
} from '../../test/lessons/rundata';

const verdictOf = checkedBilingual(lesson, 'producer-consumer');

const P = [2001, 2002];
const C = [3001, 3002];
const thread = (pid: number, kind: NonNullable<ThreadRow['wait']>['kind']): ThreadRow => ({
  tid: pid,
  pid,
  name: 'python3',
  state: kind === 'running' ? 'running' : 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait: { kind, source: 'syscall' },
});
const marks = [
  ...P.map((pid, i) => out('mark', 0.1, { tid: pid }, `producer ${i} started (pid ${pid})`)),
  ...C.map((pid, i) => out('mark', 0.1, { tid: pid }, `consumer ${i} started (pid ${pid})`)),
];
/** Depth 3 (full) from 0.5 s to 2.5 s, then draining. */
const depth = [0, 0.5, 1, 1.5, 2, 2.5, 3].map((t) => out('metric', t - 0.05, { name: 'queue_depth', value: t >= 0.5 && t <= 2.5 ? 3 : 1 }));
function samples(producerWait: 'lock' | 'sleep'): RunSample[] {
  return [0.75, 1.25, 1.75, 2.25].map((t) => {
    const s = sample(t, [proc(ROOT, 1), ...P.map((p) => proc(p, 1)), ...C.map((p) => proc(p, 1))]);
    s.threads = [...P.map((p) => thread(p, producerWait)), ...C.map((p) => thread(p, 'sleep'))];
    return s;
  });
}
const good = {
  mode: 'sentinel',
  producers: 2,
  consumers: 2,
  queue_size: 3,
  produced: 24,
  consumed: 24,
  unique: 24,
  duplicates: 0,
  consumers_ended_by_sentinel: 2,
};
const exits = C.map((p) => exited(p, 3));
const run = (o: { result?: Record<string, unknown>; samples?: RunSample[]; events?: typeof exits; runtime?: 'python' | 'node' } = {}) =>
  makeRun({
    runtime: o.runtime,
    samples: o.samples ?? samples('lock'),
    events: o.events ?? exits,
    outputs: [...marks, ...depth, out('result', 3.2, o.result ?? good)],
  });

describe('producer-consumer verdict', () => {
  it('passes: exactly once, consumers exited, producers in lock wait while full', () => {
    const v = verdictOf(run());
    expect(v.outcome).toBe('pass');
    expect(v.figures.blockedSamples).toBe(4);
    expect(v.figures.maxDepth).toBe(3);
  });
  it('fails when an item was consumed twice', () => {
    const v = verdictOf(run({ result: { ...good, consumed: 25, duplicates: 1 } }));
    expect(v.outcome).toBe('fail');
    expect(v.claims[1]!.pass).toBe(false);
  });
  it('fails when a consumer process never exited', () => {
    const v = verdictOf(run({ events: [exits[0]!] }));
    expect(v.claims[2]!.pass).toBe(false);
  });
  it('fails when the producers were not waiting on a lock while the queue was full', () => {
    const v = verdictOf(run({ samples: samples('sleep') }));
    expect(v.claims[3]!.pass).toBe(false);
    expect(v.outcome).toBe('fail');
  });
  it('joinable: the consumers end with main (no sentinel count needed)', () => {
    const v = verdictOf(run({ result: { ...good, mode: 'joinable', consumers_ended_by_sentinel: 0 } }));
    expect(v.outcome).toBe('pass');
  });
  it('node: counts the consumer workers that exited', () => {
    expect(verdictOf(run({ runtime: 'node', events: [], result: { ...good, consumers_exited: 2 } })).outcome).toBe('pass');
    expect(verdictOf(run({ runtime: 'node', events: [], result: { ...good, consumers_exited: 1 } })).outcome).toBe('fail');
  });
  it('is inconclusive where the engine reads no wait reasons', () => {
    const bare = samples('lock').map((s) => ({ ...s, threads: undefined }));
    const v = verdictOf(run({ samples: bare }));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive?.text.en).toContain('no wait reasons');
  });
  expectInconclusiveOnBadResult(verdictOf, 'produced');
});

expectAllOutcomesChecked(verdictOf);
