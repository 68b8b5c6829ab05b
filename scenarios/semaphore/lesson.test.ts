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
  series,
} from '../../test/lessons/rundata';

const semaphoreVerdict = checkedBilingual(lesson, 'semaphore');

const row = (tid: number, kind: WaitKind): ThreadRow => ({
  tid,
  pid: ROOT,
  name: 'python3',
  state: 'sleeping',
  cpu: 0,
  lastCore: 0,
  wait: { kind, source: 'syscall', call: kind === 'lock' ? 'futex' : 'clock_nanosleep' },
});
// 4 workers, 2 permits, 1 s hold: workers 3 and 4 wait from +0.1 s to +1.1 s.
const marks = [1, 2, 3, 4].flatMap((i) => [
  out('mark', 0.1, { lock: 'sem', tid: ROOT + i }, 'waiting'),
  out('mark', i <= 2 ? 0.15 : 1.1, { lock: 'sem', tid: ROOT + i }, 'acquired'),
]);
const inside = [1, 2, 2, 1, 2, 1, 0].map((v, i) => out('metric', 0.2 + i * 0.3, { name: 'inside', value: v }));
const samplesWith = (kind: WaitKind, withWaits = true): RunSample[] =>
  [0.4, 0.6, 0.8, 1.0, 1.6].map((t) => ({
    ...sample(t, [proc(ROOT, 1, { threads: 5 })]),
    ...(withWaits && { threads: [3, 4].map((i) => row(ROOT + i, kind)) }),
  }));
const r = { workers: 4, permits: 2, hold_ms: 1000, wall_ms: 2050, expected_ms: 2000, bounded_raised: 1, plain_grew: 1 };
const run = (o: { samples?: RunSample[]; result?: Record<string, unknown>; metrics?: typeof inside } = {}) =>
  makeRun({ samples: o.samples ?? samplesWith('lock'), outputs: [...marks, ...(o.metrics ?? inside), out('result', 2.2, o.result ?? r)] });

describe('semaphore verdict', () => {
  it('passes: at most K inside, waves, waiters in lock wait, bounded raises', () => {
    const v = semaphoreVerdict(run());
    expect(v.pass).toBe(true);
    expect(v.figures).toMatchObject({ peakInside: 2, wallRatio: 1.025, lockWaitShare: 1 });
  });
  it('fails when more than K were inside', () =>
    expect(semaphoreVerdict(run({ metrics: [...inside, out('metric', 2, { name: 'inside', value: 3 })] })).claims[1]!.pass).toBe(false));
  it('fails when the waves took far longer on a quiet machine, or the bounded semaphore did not raise', () => {
    expect(semaphoreVerdict(run({ result: { ...r, wall_ms: 4000 } })).claims[2]!.pass).toBe(false);
    expect(semaphoreVerdict(run({ result: { ...r, bounded_raised: 0 } })).pass).toBe(false);
  });
  it('fails when the waiting workers were seen sleeping, not in lock wait', () =>
    expect(semaphoreVerdict(run({ samples: samplesWith('sleep') })).claims[3]!.pass).toBe(false));
  it('is inconclusive when slow waves come with busy cores, or without wait reasons', () => {
    const busy = series(0, 2, () => [proc(ROOT, 1)]).map((s) => ({ ...s, cores: [100, 100] }));
    const slow = semaphoreVerdict(run({ samples: [...samplesWith('lock'), ...busy], result: { ...r, wall_ms: 4000 } }));
    expect(slow.outcome).toBe('inconclusive');
    expect(slow.inconclusive?.text.en).toContain('other work used');
    expect(semaphoreVerdict(run({ samples: samplesWith('lock', false) })).inconclusive?.text.en).toContain('Linux only');
  });
  expectInconclusiveOnBadResult(semaphoreVerdict, 'wall_ms');
});

expectAllOutcomesChecked(semaphoreVerdict);
