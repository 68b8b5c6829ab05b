import type { DeadlockEvent } from '../../../shared/model';
import type { StatFields } from '../procfs';
import { inversionText, lockOrder, ownerCycle, ownerCycleText, type PyOrder } from './lock-owners';
import { channelOf } from './py-channel';

/**
 * The watchdog's deadlock events, told who holds what by a Python run's bootstrap: the cycle with
 * owners and source lines (`ownersText`: the CLI's one line; `cycle` too when the program's marks
 * named none), and the whole cycle on the event (`owners`: --json, the journal, every report).
 */
export async function withOwners(e: DeadlockEvent): Promise<void> {
  const ch = channelOf(e.pid);
  if (!ch?.keepsLocks) return;
  const links = ownerCycle(await ch.locks());
  if (!links) return;
  e.owners = links;
  e.ownersText = ownerCycleText(links);
  // The program's own lock marks name its cycle first (lessons read them); the owners fill in without.
  if (!e.cycleText) {
    e.cycleText = e.ownersText;
    e.cycle = e.ownersText.en;
  }
}

/** A lock-order inversion the bootstrap reported: a 'potential' deadlock event with both orders' lines. */
export function potentialDeadlock(
  runId: string,
  pid: number,
  st: StatFields | null,
  inv: { first: PyOrder; second: PyOrder },
): DeadlockEvent {
  const first = lockOrder(inv.first);
  const second = lockOrder(inv.second);
  const text = inversionText(first, second);
  const now = Date.now();
  return {
    kind: 'potential',
    pid,
    startTime: st?.startTime ?? 0,
    ts: now,
    runId,
    name: st?.comm ?? '',
    since: now,
    thresholdMs: 0,
    threads: [],
    locks: [],
    source: 'syscall',
    cycle: null,
    cycleText: null,
    inversion: { first, second },
    detail: text.en,
    text,
  };
}
