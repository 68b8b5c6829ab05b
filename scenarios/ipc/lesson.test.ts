import { describe, expect, it } from 'vitest';
import type { RunSample } from '../../src/shared/model';
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

const verdictOf = checkedBilingual(lesson, 'ipc');

const channel = (ch: string, mbs: number, extra: Record<string, number> = {}) => ({
  [`${ch}_mb_s`]: mbs,
  [`${ch}_latency_us`]: 120,
  [`${ch}_received`]: 10,
  [`${ch}_in_order`]: 1,
  [`${ch}_distinct`]: 10,
  ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${ch}_${k}`, v])),
});
const good = {
  channels: 'queue,pipe,file,socket,shm',
  messages: 10,
  size: 4194304,
  ...channel('queue', 600),
  ...channel('pipe', 1500),
  ...channel('file', 400),
  ...channel('socket', 900),
  ...channel('shm', 2600),
  counter_procs: 3,
  counter_adds: 20,
  counter_expected: 60,
  counter_unlocked: 24,
  counter_locked: 60,
};
/** The machine's two cores: only the run busy (quiet) or both full with others' work (busy). */
const samples = (busy: boolean): RunSample[] =>
  [0.5, 1, 1.5].map((t) => ({ ...sample(t, [proc(ROOT, 60)]), cores: busy ? [100, 100] : [30, 30] }));
const run = (result: Record<string, unknown>, busy = false) => makeRun({ samples: samples(busy), outputs: [out('result', 2, result)] });

describe('ipc verdict', () => {
  it('passes: all in order, shared memory fastest, lost updates without a lock, exact with one', () => {
    const v = verdictOf(run(good));
    expect(v.outcome).toBe('pass');
    expect(v.figures.shmRatio).toBeCloseTo(2600 / 1500, 2);
    expect(v.figures.lostUpdates).toBe(36);
  });
  it('fails when a channel delivered out of order', () =>
    expect(verdictOf(run({ ...good, ...channel('socket', 900, { in_order: 0 }) })).claims[1]!.pass).toBe(false));
  it('fails when a message was lost', () =>
    expect(verdictOf(run({ ...good, ...channel('queue', 600, { received: 9, distinct: 9 }) })).outcome).toBe('fail'));
  it('fails when shared memory was slower than a copying channel on a quiet machine', () => {
    const v = verdictOf(run({ ...good, ...channel('shm', 1000) }));
    expect(v.outcome).toBe('fail');
    expect(v.claims[2]!.measured).toContain('0.7×');
  });
  it('is inconclusive when shared memory lost on a busy machine', () => {
    const v = verdictOf(run({ ...good, ...channel('shm', 1000) }, true));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive?.text.en).toContain('cores busy');
  });
  it('makes no speed claim for small messages, but reports the ratio', () => {
    const v = verdictOf(run({ ...good, size: 1024, ...channel('shm', 1000) }));
    expect(v.outcome).toBe('pass');
    expect(v.claims.some((c) => c.text.en.includes('shared memory beats'))).toBe(false);
    expect(v.figures.shmRatio).toBeCloseTo(1000 / 1500, 2);
  });
  it('fails when the locked counter is not exact', () => expect(verdictOf(run({ ...good, counter_locked: 59 })).outcome).toBe('fail'));
  it('is inconclusive when no update happened to be lost', () =>
    expect(verdictOf(run({ ...good, counter_unlocked: 60 })).inconclusive?.text.en).toContain('no update was lost'));
  expectInconclusiveOnBadResult(verdictOf, 'messages');
});

expectAllOutcomesChecked(verdictOf);
