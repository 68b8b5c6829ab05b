import type { ProcSource } from '../sampler/source';
import type { JournalOwner, LiveJournal } from './journal';
import { killTree } from './kill-tree';
import { trySignal } from './signals';

/** True while pid still names the process with that start time and it can still run. */
export function aliveAs(source: ProcSource, p: { pid: number; startTime: number }): boolean {
  const st = source.probe(p.pid);
  return !!st && st.startTime === p.startTime && st.stateChar !== 'Z' && st.stateChar !== 'X';
}

/** Is the ProcLab instance that wrote a journal still running? */
function ownerAlive(source: ProcSource, owner: JournalOwner): boolean {
  if (owner.pid <= 1) return false;
  if (owner.startTime !== null) return aliveAs(source, { pid: owner.pid, startTime: owner.startTime });
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends what previous, killed instances left running: every entry of a journal whose owner
 * is gone and whose (pid, start time) still matches — a pid that now names another process
 * is left alone, and so are the processes of instances that are still running.
 */
export async function endLeftovers(journal: LiveJournal, source: ProcSource, selfPid: number, graceMs: number): Promise<number> {
  const self = journal.owner;
  const orphaned = journal
    .readAll()
    .filter((j) => j.file === journal.file || !ownerAlive(source, j.owner))
    // Our own file can only be a dead instance's that had our pid (we have written nothing yet).
    .filter((j) => !(j.owner.pid === self.pid && j.owner.startTime === self.startTime && j.file !== journal.file));
  const entries = orphaned.flatMap((j) => j.live).filter((e) => e.pid > 1 && e.pid !== selfPid && e.pid !== process.pid);
  if (entries.length) await source.refresh(entries.map((e) => e.pid)); // fallback sources: fill their table
  const matching = entries.filter((e) => source.probe(e.pid)?.startTime === e.startTime);
  await Promise.all(
    matching.map((e) =>
      killTree({
        members: () => (aliveAs(source, e) ? [e] : []),
        send: (m, sig) => aliveAs(source, m) && trySignal(m.pid, sig),
        // A leftover run root leads its own group: take the group (children never journaled) too.
        sendGroup: (sig) => source.probe(e.pid)?.pgrp === e.pid && aliveAs(source, e) && trySignal(-e.pid, sig),
        graceMs,
      }),
    ),
  );
  for (const j of orphaned) if (j.file !== journal.file) journal.discard(j.file);
  journal.clear();
  return matching.length;
}
