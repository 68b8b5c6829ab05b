import { say } from '../../../shared/engine-texts';
import type { PlatformCaps } from '../../../shared/model';
import type { ProcSource } from '../sampler/source';
import type { Supervisor } from '../supervisor/supervisor';

/**
 * What this machine lets ProcLab show, with a note for each thing it cannot, so the UI and the
 * CLI can say why a column is empty instead of showing a blank.
 */
export function platformCaps(source: ProcSource, supervisor: Supervisor, waits: boolean, sched: boolean): PlatformCaps {
  const contained = supervisor.contained;
  const mem = supervisor.memorySource();
  const c = source.caps;
  const waitNotes = !c.procfs ? [say('caps.no-waits')] : process.getuid?.() === 0 ? [] : [say('caps.waits-wchan')];
  if (c.threads && !sched) waitNotes.push(say('caps.no-schedstat'));
  const notes = [...(contained ? [] : [say('caps.no-cgroup')]), say(`caps.mem-${mem}`), ...c.notes, ...waitNotes];
  return { os: process.platform, procfs: c.procfs, threads: c.threads, states: c.states, waits, contained, memorySource: mem, notes };
}
