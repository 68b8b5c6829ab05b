import type { SchedShares, ThreadRow } from '../../../shared/model';
import {
  hiddenThreadCount,
  hideThread,
  LISTENER_COMM,
  listTids,
  stateFromChar,
  type StatFields,
  type StatReader,
  type WaitReader,
} from '../procfs';
import type { CpuTracker } from './cpu-tracker';
import type { SchedReader } from './sched-shares';

/**
 * Threads of one process from /proc/<pid>/task/<tid>/stat. The task stat's comm field is the
 * same text as task/<tid>/comm, so one read per thread gives name, state, CPU and last core.
 * A single-threaded process's only thread IS the process, so its row is derived from the
 * process stat without touching task/<tid>/stat (this keeps 1,000 sleepers cheap).
 * With `sched`, each thread gets the shares of the interval the kernel counted it on a core /
 * queued for one (schedstat), and its CPU is that running share: the lanes and the stacked CPU
 * chart draw the same numbers. With `waits`, each thread also gets its wait reason (files are
 * read only for blocked threads). `ticksOut` gets each returned thread's CPU ticks, by TID.
 */
export function readThreads(
  pid: number,
  proc: StatFields,
  reader: StatReader,
  cpu: CpuTracker,
  nowMs: number,
  procCpu: number,
  waits?: WaitReader | null,
  sched?: SchedReader | null,
  ticksOut?: Map<number, number>,
): ThreadRow[] {
  if (proc.numThreads <= 1) {
    // A listener ProcLab put in the process counts in its total: then the thread's own ticks.
    const own = ticksOut && hiddenThreadCount(pid) ? reader.read(`${pid}/task/${pid}`) : null;
    ticksOut?.set(pid, own ? own.utime + own.stime : proc.utime + proc.stime);
    const shares = sched?.read(pid, pid, proc.startTime) ?? null;
    const row = withShares(
      { tid: pid, pid, name: proc.comm, state: stateFromChar(proc.stateChar), cpu: procCpu, lastCore: proc.processor },
      shares,
    );
    if (waits) row.wait = waits.read(pid, pid, proc.stateChar, row.cpu, shares);
    return [row];
  }
  const rows: ThreadRow[] = [];
  for (const tid of listTids(pid)) {
    const path = `${pid}/task/${tid}`;
    const t = reader.read(path);
    if (!t) continue;
    // The bootstrap's listener seen before its hello: hidden from here on, and out of this tick's
    // count (why by name here and by TID elsewhere: procfs/hidden-threads.ts).
    if (tid !== pid && t.comm === LISTENER_COMM) {
      hideThread(pid, tid);
      proc.numThreads = Math.max(1, proc.numThreads - 1);
      continue;
    }
    ticksOut?.set(tid, t.utime + t.stime);
    const shares = sched?.read(pid, tid, t.startTime) ?? null;
    const row = withShares(
      {
        tid,
        pid,
        name: t.comm,
        state: stateFromChar(t.stateChar),
        cpu: cpu.update(path, t.startTime, t.utime + t.stime, nowMs),
        lastCore: t.processor,
      },
      shares,
    );
    if (waits) row.wait = waits.read(pid, tid, t.stateChar, row.cpu, shares);
    rows.push(row);
  }
  return rows;
}

function withShares(row: ThreadRow, shares: SchedShares | null): ThreadRow {
  if (!shares) return row;
  row.shares = { running: round3(shares.running), runnable: round3(shares.runnable) };
  row.cpu = row.shares.running * 100;
  return row;
}

// Three decimals: finer than any interval's accuracy, and the journal stays small.
const round3 = (v: number): number => Math.round(v * 1000) / 1000;
