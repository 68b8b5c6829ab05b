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

const verdictOf = checkedBilingual(lesson, 'coroutines');

/** Samples every 250 ms for 5 s; the sleeps run from 0.5 s to 1.5 s. */
function samples(threads: (t: number) => number, cpu = 3): RunSample[] {
  return Array.from({ length: 20 }, (_, k) => sample(k * 0.25 + 0.1, [proc(ROOT, cpu, { threads: threads(k * 0.25 + 0.1) })]));
}
const marks = [
  out('mark', 0.5, {}, 'sleeps start'),
  out('mark', 1.5, {}, 'sleeps end'),
  out('mark', 2, {}, 'hog start'),
  out('mark', 2.4, {}, 'hog end'),
];
/** The ticker: ~1 ms late when idle, one 390 ms late tick after the hog. */
const lags = [1.6, 1.8, 2.45, 2.5, 3.0].map((t) => out('metric', t, { name: 'loop_lag_ms', value: t === 2.45 ? 390 : 1 }));
const good = {
  coroutines: 500,
  sleep_ms: 800,
  sleeps_wall_ms: 830,
  sleeps_cpu_ms: 20,
  sleeps_threads: 1,
  tick_ms: 50,
  base_lag_max_ms: 1.2,
  hog_wall_ms: 400,
  hog_lag_max_ms: 390,
  offload_wall_ms: 405,
  offload_lag_max_ms: 12,
  gevent: 'not installed',
};
const run = (result: Record<string, unknown>, o: { samples?: RunSample[]; runtime?: 'python' | 'node' } = {}) =>
  makeRun({ runtime: o.runtime, samples: o.samples ?? samples(() => 1), outputs: [...marks, ...lags, out('result', 4.5, result)] });

describe('coroutines verdict', () => {
  it('passes: one thread, one sleep of wall time, little CPU, the hog’s lag, small lag off the loop', () => {
    const v = verdictOf(run(good));
    expect(v.outcome).toBe('pass');
    expect(v.claims[1]!.measured).toContain('gevent is not installed');
  });
  it('fails when the engine saw extra threads while the coroutines slept', () =>
    expect(verdictOf(run(good, { samples: samples((t) => (t > 0.5 && t < 1.5 ? 4 : 1)) })).claims[1]!.pass).toBe(false));
  it('fails when the sleeps took one sleep each', () => expect(verdictOf(run({ ...good, sleeps_wall_ms: 400_000 })).outcome).toBe('fail'));
  it('fails when the engine saw the process busy while it slept', () =>
    expect(verdictOf(run(good, { samples: samples(() => 1, 90) })).claims[3]!.pass).toBe(false));
  it('fails when the computing coroutine did not delay the ticker', () =>
    expect(verdictOf(run({ ...good, hog_lag_max_ms: 40 })).claims[4]!.pass).toBe(false));
  it('fails when the work off the loop still blocked it', () =>
    expect(verdictOf(run({ ...good, offload_lag_max_ms: 380 })).outcome).toBe('fail'));
  it('node: compares the threads with those Node had before', () => {
    const v = verdictOf(run({ ...good, sleeps_threads: undefined }, { runtime: 'node', samples: samples(() => 7) }));
    expect(v.outcome).toBe('pass');
    expect(v.claims[1]!.measured).toContain('7 just before');
  });
  it('is inconclusive when the idle loop was already late (busy machine)', () => {
    const v = verdictOf(run({ ...good, base_lag_max_ms: 200, offload_lag_max_ms: 150 }));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive?.text.en).toContain('too busy');
  });
  it('checks the gevent variant where it ran', () => {
    expect(verdictOf(run({ ...good, gevent: 'ran', gevent_wall_ms: 820, gevent_threads: 1 })).outcome).toBe('pass');
    expect(verdictOf(run({ ...good, gevent: 'ran', gevent_wall_ms: 820, gevent_threads: 3 })).outcome).toBe('fail');
  });
  expectInconclusiveOnBadResult(verdictOf, 'hog_wall_ms');
});

expectAllOutcomesChecked(verdictOf);
