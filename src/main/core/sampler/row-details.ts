import type { ProcRow } from '../../../shared/model';
import { procConstants, readProcIo, readStatm, type StatFields } from '../procfs';
import { RateTracker } from './rates';
import { procKey } from '../../../shared/proc-key';

/**
 * Adds to the display's rows what plain stat sampling does not give: NI, PRI and last core from
 * the stat line already read (VIRT too), and SHR and disk I/O (a file each per process) only for the
 * rows asked for.
 */
export class RowDetails {
  private readonly io = new RateTracker();

  enrich(rows: ProcRow[], statOf: (pid: number) => StatFields | null | undefined, wantsIo: (row: ProcRow) => boolean, now: number): void {
    for (const row of rows) {
      if (row.exited) continue;
      const st = statOf(row.pid);
      if (!st || st.startTime !== row.startTime) continue;
      if (st.nice !== undefined) row.nice = st.nice;
      if (st.priority !== undefined) row.priority = st.priority;
      if (st.processor >= 0) row.lastCore = st.processor;
      if (st.vsizeBytes !== undefined) row.virt = st.vsizeBytes;
      if (!wantsIo(row) || st.stateChar === 'Z') continue;
      const m = readStatm(row.pid);
      if (m) row.shr = m.shared * procConstants().pageSize;
      const c = readProcIo(row.pid);
      if (!c) continue;
      const [readBps, writeBps] = this.io.rates(procKey(row.pid, row.startTime), [c.readBytes, c.writeBytes], now) as [number, number];
      row.io = { readBytes: c.readBytes, writeBytes: c.writeBytes, rchar: c.rchar, wchar: c.wchar, readBps, writeBps };
    }
    this.io.sweep();
  }
}
