import { procKey } from '../../../shared/proc-key';
import type { DeadlockEvent } from '../../../shared/model';
import { withOwners } from '../stacks/deadlock-owners';
import { channelOf } from '../stacks/py-channel';
import { withWaitStacks } from '../waits/wait-graph-stacks';

/**
 * Sends the watchdog's events in order per process. A suspicion waits (bounded by the bootstrap's
 * reply time) for its lock owners or the stacks of its wait-for set, and whatever follows for that
 * process (its withdrawal, its end) waits for it: no client or journal ever reads a withdrawal
 * before the suspicion it withdraws, and a run's end can wait until its events are out.
 */
export class DeadlockSender {
  /** Per process: the newest event still on its way out. */
  private readonly pending = new Map<string, { runId: string | null; done: Promise<void> }>();

  constructor(private readonly emit: (e: DeadlockEvent) => void) {}

  send(e: DeadlockEvent): void {
    const key = procKey(e.pid, e.startTime);
    const before = this.pending.get(key)?.done;
    const enrich = e.kind !== 'suspected' ? null : e.waits ? withWaitStacks : channelOf(e.pid)?.keepsLocks ? withOwners : null;
    if (!before && !enrich) {
      this.emit(e);
      return;
    }
    const done = (before ?? Promise.resolve())
      .then(() => enrich?.(e))
      .catch(() => {
        // Without owners or stacks (the program ended, or did not answer in time) the suspicion still stands.
      })
      .then(() => this.emit(e));
    const entry = { runId: e.runId, done };
    this.pending.set(key, entry);
    void done.finally(() => {
      if (this.pending.get(key) === entry) this.pending.delete(key);
    });
  }

  /** Null when every event of the run is out; else a promise of the moment the last one is. */
  settled(runId: string): Promise<void> | null {
    const mine = [...this.pending.values()].filter((p) => p.runId === runId).map((p) => p.done);
    return mine.length ? Promise.all(mine).then(() => undefined) : null;
  }
}
