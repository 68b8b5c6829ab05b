import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcSource } from '../sampler/source';
import type { Cgroups, Instance } from './cgroup';
import type { JournalEntry, JournalOwner, LiveJournal } from './journal';
import { killTree } from './kill-tree';
import { trySignal } from './signals';

/** True while pid still names the process with that start time and it can still run. */
export function aliveAs(source: ProcSource, p: { pid: number; startTime: number }): boolean {
  const st = source.probe(p.pid);
  return !!st && st.startTime === p.startTime && st.stateChar !== 'Z' && st.stateChar !== 'X';
}

/** Is the ProcLab instance that wrote a journal (or owns a cgroup, or marked a process) still running? */
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

/** `PROCLAB_RUN=<runId>:<instance pid>:<instance start time>` → its parts. */
export function parseRunMarker(v: string): { runId: string; owner: Instance } | null {
  const m = /^([A-Za-z0-9_-]{1,64}):(\d+):(\d+)$/.exec(v);
  return m ? { runId: m[1] as string, owner: { pid: Number(m[2]), startTime: Number(m[3]) } } : null;
}

/**
 * Ends what previous, killed instances left running, found three independent ways so that no
 * single damaged file loses them:
 * 1. their runs' cgroups (named with the instance): everything inside, at once (cgroup.kill);
 * 2. their journals: every entry whose (pid, start time) still matches;
 * 3. the env marker every run's processes inherit, read from /proc/<pid>/environ: a process
 *    started after the instance that marked it (start times), which is gone.
 * A pid that now names another process is left alone, and so are the processes of instances
 * that are still running.
 */
export async function endLeftovers(
  journal: LiveJournal,
  source: ProcSource,
  cgroups: Cgroups,
  selfPid: number,
  graceMs: number,
  marker = 'PROCLAB_RUN',
): Promise<number> {
  const self = journal.owner;
  let ended = 0;

  for (const { owner, cg } of cgroups.foreignRuns()) {
    if (ownerAlive(source, owner)) continue;
    const pids = cg.pids();
    ended += pids.length;
    if (pids.length) cg.kill();
    const end = Date.now() + 2000;
    while (cg.populated() && Date.now() < end) await sleep(25);
    cg.removeSoon();
  }

  const orphaned = journal
    .readAll()
    .filter((j) => j.file === journal.file || !ownerAlive(source, j.owner))
    // Our own file can only be a dead instance's that had our pid (we have written nothing yet).
    .filter((j) => !(j.owner.pid === self.pid && j.owner.startTime === self.startTime && j.file !== journal.file));
  const entries: JournalEntry[] = orphaned.flatMap((j) => j.live);
  if (source.live) entries.push(...markedLeftovers(source, selfPid, marker));
  const wanted = entries.filter((e) => e.pid > 1 && e.pid !== selfPid && e.pid !== process.pid);
  if (wanted.length) await source.refresh(wanted.map((e) => e.pid)); // fallback sources: fill their table
  const unique = new Map(wanted.map((e) => [`${e.pid}:${e.startTime}`, e]));
  const matching = [...unique.values()].filter((e) => source.probe(e.pid)?.startTime === e.startTime);
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
  return ended + matching.length;
}

/** Processes carrying a run marker of an instance that is gone (checked by its start time). */
function markedLeftovers(source: ProcSource, selfPid: number, marker: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  const dead = new Map<string, boolean>();
  for (const pid of source.listPids()) {
    if (pid <= 1 || pid === selfPid || pid === process.pid) continue;
    const v = source.envVar(pid, marker);
    const m = v ? parseRunMarker(v) : null;
    if (!m) continue;
    const key = `${m.owner.pid}:${m.owner.startTime}`;
    let gone = dead.get(key);
    if (gone === undefined) dead.set(key, (gone = !ownerAlive(source, m.owner)));
    const st = source.probe(pid);
    // Started after the instance that marked it: a marker copied into an older process means nothing.
    if (gone && st && st.startTime >= m.owner.startTime) out.push({ pid, startTime: st.startTime, runId: m.runId });
  }
  return out;
}
