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
  sample,
} from '../../test/lessons/rundata';

const eventsVerdict = checkedBilingual(lesson, 'events');

const row = (tid: number, kind: WaitKind): ThreadRow => ({
  tid,
  pid: ROOT,
  name: 'python3',
  state: 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait: { kind, source: 'syscall', call: kind === 'lock' ? 'futex' : 'clock_nanosleep' },
});
// Three waiters from +0.1 s until set() at +1.6 s.
const marks = [1, 2, 3].flatMap((i) => [
  out('mark', 0.1, { lock: 'event', tid: ROOT + i }, 'waiting'),
  out('mark', 1.61, { lock: 'event', tid: ROOT + i }, 'acquired'),
]);
const samplesWith = (kind: WaitKind, withWaits = true, cores = 50): RunSample[] =>
  [0.5, 1.0, 1.5, 2.0].map((t) => ({
    ...sample(t, [proc(ROOT, 1, { threads: 4 })]),
    cores: [cores, cores],
    ...(withWaits && { threads: [1, 2, 3].map((i) => row(ROOT + i, kind)) }),
  }));
const r = {
  waiters: 3,
  released: 3,
  release_spread_ms: 4.2,
  cond_waiters: 5,
  notify_woke: 1,
  notify_all_woke: 4,
  barrier_actions: 3,
  barrier_generations: 3,
  timer_fired: 1,
  timer_after_ms: 201.3,
  timer_interval_ms: 200,
  cancelled_ran: 0,
};
const run = (o: { samples?: RunSample[]; result?: Record<string, unknown> } = {}) =>
  makeRun({ samples: o.samples ?? samplesWith('lock'), outputs: [...marks, out('result', 2.5, o.result ?? r)] });

describe('events verdict', () => {
  it('passes: all released at once after lock waits, notify one vs all, barrier action per group, timer once', () => {
    const v = eventsVerdict(run());
    expect(v.pass).toBe(true);
    expect(v.figures).toMatchObject({ releaseSpreadMs: 4.2, lockWaitShare: 1, barrierActions: 3 });
  });
  it('fails when notify() woke more than one, or the cancelled timer ran', () => {
    expect(eventsVerdict(run({ result: { ...r, notify_woke: 5, notify_all_woke: 0 } })).claims[3]!.pass).toBe(false);
    expect(eventsVerdict(run({ result: { ...r, cancelled_ran: 1 } })).pass).toBe(false);
  });
  it('fails when a waiter was not released, or they straggled on a quiet machine', () => {
    expect(eventsVerdict(run({ result: { ...r, released: 2 } })).claims[1]!.pass).toBe(false);
    expect(eventsVerdict(run({ result: { ...r, release_spread_ms: 400 } })).claims[1]!.pass).toBe(false);
  });
  it('fails when the waiters were seen sleeping rather than in lock wait', () =>
    expect(eventsVerdict(run({ samples: samplesWith('sleep') })).claims[2]!.pass).toBe(false));
  it('is inconclusive when the release straggled while other work held the cores', () => {
    const v = eventsVerdict(run({ samples: samplesWith('lock', true, 100), result: { ...r, release_spread_ms: 400 } }));
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive?.text.en).toContain('other work used');
  });
  it('is inconclusive without wait reasons', () =>
    expect(eventsVerdict(run({ samples: samplesWith('lock', false) })).inconclusive?.text.en).toContain('Linux only'));
  expectInconclusiveOnBadResult(eventsVerdict, 'released');
});

expectAllOutcomesChecked(eventsVerdict);
