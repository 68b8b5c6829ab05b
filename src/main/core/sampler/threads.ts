import type { ThreadRow } from '../../../shared/model';
import { listTids, stateFromChar, type StatFields, type StatReader } from '../procfs';
import type { CpuTracker } from './cpu-tracker';

/**
 * Threads of one process from /proc/<pid>/task/<tid>/stat. The task stat's comm field is the
 * same text as task/<tid>/comm, so one read per thread gives name, state, CPU and last core.
 * A single-threaded process's only thread IS the process, so its row is derived from the
 * process stat without touching task/ at all (this keeps 1,000 sleepers cheap).
 */
export function readThreads(
  pid: number,
  proc: StatFields,
  reader: StatReader,
  cpu: CpuTracker,
  nowMs: number,
  procCpu: number,
): ThreadRow[] {
  if (proc.numThreads <= 1) {
    return [{ tid: pid, pid, name: proc.comm, state: stateFromChar(proc.stateChar), cpu: procCpu, lastCore: proc.processor }];
  }
  const rows: ThreadRow[] = [];
  for (const tid of listTids(pid)) {
    const path = `${pid}/task/${tid}`;
    const t = reader.read(path);
    if (!t) continue;
    rows.push({
      tid,
      pid,
      name: t.comm,
      state: stateFromChar(t.stateChar),
      cpu: cpu.update(path, t.startTime, t.utime + t.stime, nowMs),
      lastCore: t.processor,
    });
  }
  return rows;
}
