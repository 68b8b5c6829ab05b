import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcSource } from '../sampler/source';
import type { Cgroups, Instance } from './cgroup';
import type { JournalEntry, JournalOwner, LiveJournal } from './journal';
import { killTree } from './kill-tree';
import { checkActionPolicy } from './policy';
import { trySignal } from './signals';
import { ancestorsOf, identify } from './targets';
import { procKey } from '../../../shared/proc-key';

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

/** A process to end: the journal entry or marker that names it, and the dead instance it must belong to. */
interface Candidate extends JournalEntry {
  owner: JournalOwner;
}

/**
 * Ends what previous, killed instances left running, found three independent ways so that no
 * single damaged file loses them:
 * 1. their runs' cgroups (named with the instance): everything inside, at once (cgroup.kill);
 * 2. their journals: every entry whose (pid, start time) still matches;
 * 3. the env marker every run's processes inherit, read from /proc/<pid>/environ: a process
 *    started after the instance that marked it (start times), which is gone.
 * A journal is only a hint (a stale or crafted one may name anything): every process is ended
 * only under the one action policy (`checkActionPolicy`: never PID 1, this process or its
 * ancestors, a kernel thread, another ProcLab host, a reused pid), and only when its own
 * environment carries the dead instance's marker for that run. A process group is signalled
 * only when every member passes the same check, and a cgroup is killed whole only when none
 * of its members is protected. The processes of instances that are still running are left alone.
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
  const callers = [...new Set([selfPid, process.pid])];
  const ancestors = ancestorsOf(source, callers);
  // Only where environments can be read (procfs); elsewhere the journal's (pid, start time) is all there is.
  const markersReadable = source.caps.environ;
  /** `inCgroup`: the kernel holds it in the dead instance's run cgroup, which marks it as well as its environment. */
  const verify = (c: Candidate, inCgroup = false): boolean => {
    if (callers.includes(c.pid)) return false;
    const now = identify(source, c.pid);
    const decision = checkActionPolicy({
      pid: c.pid,
      selfPid,
      ancestors,
      owned: !!now && (inCgroup || !markersReadable || carriesMarker(source, c, now.id.startTime, marker)),
      expectedStartTime: c.startTime,
      current: now?.id ?? null,
    });
    return decision.ok;
  };
  let ended = 0;

  for (const { owner, runId, cg } of cgroups.foreignRuns()) {
    if (ownerAlive(source, owner)) continue;
    const pids = cg.pids();
    // Members go through the same policy: a protected one (a host or a shell someone moved in)
    // keeps the cgroup from being killed whole; its marked members are still ended one by one below.
    const live = pids.map((pid) => source.probe(pid)).filter((st) => st && st.stateChar !== 'Z' && st.stateChar !== 'X');
    if (!live.every((st) => st && verify({ pid: st.pid, startTime: st.startTime, runId, owner }, true))) continue;
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
  const candidates: Candidate[] = orphaned.flatMap((j) => j.live.map((e) => ({ ...e, owner: j.owner })));
  if (source.live) candidates.push(...markedLeftovers(source, selfPid, marker));
  const wanted = candidates.filter((e) => e.pid > 1 && !callers.includes(e.pid));
  if (wanted.length) await source.refresh(wanted.map((e) => e.pid)); // fallback sources: fill their table
  const unique = new Map(wanted.map((e) => [procKey(e.pid, e.startTime), e]));
  const matching = [...unique.values()].filter((c) => verify(c));
  await Promise.all(
    matching.map((e) =>
      killTree({
        members: () => (aliveAs(source, e) ? [e] : []),
        send: (m, sig) => aliveAs(source, m) && trySignal(m.pid, sig),
        // A leftover run root leads its own group: take the group (children never journaled) too,
        // but only while every process in it is verified as the dead instance's.
        sendGroup: (sig) => groupVerified(source, e, verify) && trySignal(-e.pid, sig),
        graceMs,
      }),
    ),
  );
  for (const j of orphaned) if (j.file !== journal.file) journal.discard(j.file);
  journal.clear();
  return ended + matching.length;
}

/**
 * The process's own environment names the dead instance and the run the candidate says: the
 * marker every run process inherits (`PROCLAB_RUN=<run>:<instance pid>:<instance start>`). A
 * process started before that instance cannot be its run's, whatever its environment says.
 */
function carriesMarker(source: ProcSource, c: Candidate, startTime: number, marker: string): boolean {
  const v = source.envVar(c.pid, marker);
  const m = v ? parseRunMarker(v) : null;
  if (!m || m.runId !== c.runId || m.owner.pid !== c.owner.pid) return false;
  if (c.owner.startTime !== null && m.owner.startTime !== c.owner.startTime) return false;
  return startTime >= m.owner.startTime && !ownerAlive(source, m.owner);
}

/** True while `leader` leads its process group and every live member of the group passes `verify`. */
function groupVerified(source: ProcSource, leader: Candidate, verify: (c: Candidate) => boolean): boolean {
  const st = source.probe(leader.pid);
  if (!st || st.pgrp !== leader.pid || st.startTime !== leader.startTime) return false;
  for (const pid of source.listPids()) {
    const m = source.probe(pid);
    if (!m || m.pgrp !== leader.pid || m.stateChar === 'Z' || m.stateChar === 'X') continue;
    if (!verify({ pid, startTime: m.startTime, runId: leader.runId, owner: leader.owner })) return false;
  }
  return true;
}

/** Processes carrying a run marker of an instance that is gone (checked by its start time). */
function markedLeftovers(source: ProcSource, selfPid: number, marker: string): Candidate[] {
  const out: Candidate[] = [];
  const dead = new Map<string, boolean>();
  for (const pid of source.listPids()) {
    if (pid <= 1 || pid === selfPid || pid === process.pid) continue;
    const v = source.envVar(pid, marker);
    const m = v ? parseRunMarker(v) : null;
    if (!m) continue;
    const key = procKey(m.owner.pid, m.owner.startTime);
    let gone = dead.get(key);
    if (gone === undefined) dead.set(key, (gone = !ownerAlive(source, m.owner)));
    const st = source.probe(pid);
    // Started after the instance that marked it: a marker copied into an older process means nothing.
    if (gone && st && st.startTime >= m.owner.startTime) out.push({ pid, startTime: st.startTime, runId: m.runId, owner: m.owner });
  }
  return out;
}
