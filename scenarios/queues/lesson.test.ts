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

const queuesVerdict = checkedBilingual(lesson, 'queues');

const PUT = ROOT + 1;
const GET = ROOT + 2;
const row = (tid: number, kind: WaitKind, timed = false): ThreadRow => ({
  tid,
  pid: ROOT,
  name: 'python3',
  state: 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait: { kind, source: 'syscall', call: kind === 'lock' ? 'futex' : 'clock_nanosleep', timed },
});
// The producer blocks from +0.1 to +1.6 s; the consumer's get waits from +1.7 to +3.2 s.
const marks = [
  out('mark', 0.1, { lock: 'put', tid: PUT }, 'waiting'),
  out('mark', 1.6, {}, 'get(): a slot is free'),
  out('mark', 1.61, { lock: 'put', tid: PUT }, 'acquired'),
  out('mark', 1.7, { lock: 'get', tid: GET }, 'waiting'),
  out('mark', 3.2, { lock: 'get', tid: GET }, 'timed out'),
];
const samplesWith = (kind: WaitKind, withWaits = true): RunSample[] =>
  [0.5, 1.0, 1.5, 2.0, 2.5, 3.0].map((t) => ({
    ...sample(t, [proc(ROOT, 1, { threads: 2 })]),
    ...(withWaits && { threads: [row(t < 1.6 ? PUT : GET, kind, t > 1.6)] }),
  }));
const r = {
  items: '5,1,4,2,3',
  fifo: '5,1,4,2,3',
  lifo: '3,2,4,1,5',
  priority: '1,2,3,4,5',
  block_ms: 1500,
  put_blocked_ms: 1502,
  get_raised_empty: 1,
  get_waited_ms: 1500.4,
};
const run = (o: { samples?: RunSample[]; result?: Record<string, unknown>; outputs?: typeof marks } = {}) =>
  makeRun({ samples: o.samples ?? samplesWith('lock'), outputs: [...(o.outputs ?? marks), out('result', 3.3, o.result ?? r)] });

describe('queues verdict', () => {
  it('passes: the three orders, a put blocked until a slot was freed, a timed get, both in lock wait', () => {
    const v = queuesVerdict(run());
    expect(v.pass).toBe(true);
    expect(v.figures).toMatchObject({ putLockSamples: 3, getLockSamples: 3 });
  });
  it('fails on a wrong order', () => expect(queuesVerdict(run({ result: { ...r, lifo: '5,1,4,2,3' } })).claims[1]!.pass).toBe(false));
  it('fails when the put went on before the slot was freed', () => {
    const early = marks.map((m) => (m.text === 'acquired' ? { ...m, ts: m.ts - 1000 } : m));
    expect(queuesVerdict(run({ outputs: early })).claims[2]!.pass).toBe(false);
  });
  it('fails when get returned early without Empty', () =>
    expect(queuesVerdict(run({ result: { ...r, get_raised_empty: 0, get_waited_ms: 3 } })).pass).toBe(false));
  it('fails when the blocked threads were seen sleeping', () =>
    expect(queuesVerdict(run({ samples: samplesWith('sleep') })).claims[4]!.pass).toBe(false));
  it('is inconclusive without wait reasons, or when too few samples caught the waits', () => {
    expect(queuesVerdict(run({ samples: samplesWith('lock', false) })).inconclusive?.text.en).toContain('Linux only');
    const few = queuesVerdict(run({ samples: samplesWith('lock').slice(2) }));
    expect(few.outcome).toBe('inconclusive');
    expect(few.inconclusive?.text.en).toContain('fewer than 2 times');
  });
  expectInconclusiveOnBadResult(queuesVerdict, 'get_waited_ms');
});

expectAllOutcomesChecked(queuesVerdict);
