import { describe, expect, it } from 'vitest';
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
  series,
} from '../../test/lessons/rundata';

const ticketRaceVerdict = checkedBilingual(lesson, 'ticket-race');

const quiet = series(0, 4, (t) => [proc(ROOT, 2), ...(t === 1 ? [proc(ROOT + 1, 1), proc(ROOT + 2, 1)] : [])]);
const r = { buyers: 6, stock: 2, delay_ms: 150, nolock_sold: 6, oversold: 4, lock_sold: 2, join_sold: 2, lock_ms: 1100, join_ms: 2100 };

describe('ticket-race verdict', () => {
  it('passes: oversold without a lock, exact with lock and join, the lock cheaper', () => {
    const v = ticketRaceVerdict(makeRun({ samples: quiet, outputs: [out('result', 4, r)] }));
    expect(v.pass).toBe(true);
    expect(v.figures).toMatchObject({ oversold: 4, buyerProcs: 2 });
  });
  it('fails when nothing was oversold, or the lock sold too many', () => {
    expect(ticketRaceVerdict(makeRun({ samples: quiet, outputs: [out('result', 4, { ...r, nolock_sold: 2 })] })).claims[1]!.pass).toBe(
      false,
    );
    expect(ticketRaceVerdict(makeRun({ samples: quiet, outputs: [out('result', 4, { ...r, lock_sold: 3 })] })).pass).toBe(false);
  });
  it('fails when the lock was slower than join on a quiet machine', () =>
    expect(ticketRaceVerdict(makeRun({ samples: quiet, outputs: [out('result', 4, { ...r, lock_ms: 2500 })] })).claims[3]!.pass).toBe(
      false,
    ));
  it('is inconclusive when the lock was slower while other work held the cores', () => {
    // Both cores 100 % busy, of which the run used 0.03: the rest was someone else's.
    const busy = [0, 1, 2, 3].map((t) => ({ ...sample(t, [proc(ROOT, 3)]), cores: [100, 100] }));
    const v = ticketRaceVerdict(
      makeRun({ samples: busy, events: [exited(ROOT + 1, 1), exited(ROOT + 2, 1)], outputs: [out('result', 4, { ...r, lock_ms: 2500 })] }),
    );
    expect(v.outcome).toBe('inconclusive');
    expect(v.inconclusive?.text.en).toContain('other work used 2.0 cores');
  });
  it('is inconclusive when the samples caught no buyer process', () =>
    expect(ticketRaceVerdict(makeRun({ samples: series(0, 2, () => [proc(ROOT, 1)]), outputs: [out('result', 2, r)] })).outcome).toBe(
      'inconclusive',
    ));
  expectInconclusiveOnBadResult(ticketRaceVerdict, 'nolock_sold');
});

expectAllOutcomesChecked(ticketRaceVerdict);
