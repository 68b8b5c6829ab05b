import type { ThreadRow } from '../../../shared/model';
import { listTids, stateFromChar, type StatFields, type StatReader, type WaitReader } from '../procfs';
import type { CpuTracker } from './cpu-tracker';

/**
 * Threads of one process from /proc/<pid>/task/<tid>/stat. The task stat's comm field is the
 * same text as task/<tid>/comm, so one read per thread gives name, state, CPU and last core.
 * A single-threaded process's only thread IS the process, so its row is derived from the
 * process stat without touching task/ at all (this keeps 1,000 sleepers cheap).
 * With `waits`, each thread also gets its wait reason (files are read only for blocked threads).
 */
export function readThreads(
  pid: number,
  proc: StatFields,
  reader: StatReader,
  cpu: CpuTracker,
  nowMs: number,
  procCpu: number,
  waits?: WaitReader | null,
): ThreadRow[] {
  if (proc.numThreads <= 1) {
    const row: ThreadRow = { tid: pid, pid, name: proc.comm, state: stateFromChar(proc.stateChar), cpu: procCpu, lastCore: proc.processor };
    if (waits) row.wait = waits.read(pid, pid, proc.stateChar, procCpu);
    return [row];
  }
  const rows: ThreadRow[] = [];
  for (const tid of listTids(pid)) {
    const path = `${pid}/task/${tid}`;
    const t = reader.read(path);
    if (!t) continue;
    const row: ThreadRow = {
      tid,
      pid,
      name: t.comm,
      state: stateFromChar(t.stateChar),
      cpu: cpu.update(path, t.startTime, t.utime + t.stime, nowMs),
      lastCore: t.processor,
    };
    if (waits) row.wait = waits.read(pid, tid, t.stateChar, row.cpu);
    rows.push(row);
  }
  return rows;
}
