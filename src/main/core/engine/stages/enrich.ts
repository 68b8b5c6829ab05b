import type { MachineDetail, ProcRow } from '../../../../shared/model';
import { MachineDetailSampler } from '../../sampler/machine-detail';
import { NetSampler } from '../../sampler/proc-net';
import { RowDetails } from '../../sampler/row-details';
import type { TickParts, TickSnapshot } from '../tick-parts';

/** Rows of each run whose disk I/O every tick reads unasked (the rest: when a client shows them). */
export const RUN_IO_ROWS = 64;

/**
 * Enrich (full ticks): what only some rows need or only some sources give. NI/PRI/last core for
 * every row from the stat line already read; disk I/O for the rows asked for and each run's first
 * RUN_IO_ROWS (one more open + read + close per process: for every process of a run of a
 * thousand it was half the tick); sockets for netFor; %MEM everywhere; the machine's detail.
 */
export class Enricher {
  private readonly rowDetails = new RowDetails();
  private readonly nets = new NetSampler();
  private readonly detail = new MachineDetailSampler();

  async enrich({ source, view, history }: TickParts, s: TickSnapshot): Promise<MachineDetail | null> {
    const { processes, now } = s;
    if (source.caps.rowDetails) {
      const runIoRows = new Map<string, number>();
      const wantsIo = (r: ProcRow): boolean => {
        if (view.ioFor.has(r.pid)) return true;
        if (r.runId === null) return false;
        const n = runIoRows.get(r.runId) ?? 0;
        runIoRows.set(r.runId, n + 1);
        return n < RUN_IO_ROWS;
      };
      this.rowDetails.enrich(processes, (pid) => s.stats.get(pid) ?? s.sysStats.get(pid), wantsIo, now);
    }
    if (source.caps.sockets) {
      const shown = new Set(processes.map((r) => r.pid));
      const nets = await this.nets.get(
        view.netFor.filter((pid) => shown.has(pid)),
        now,
      );
      for (const r of processes) {
        const n = r.exited ? undefined : nets.get(r.pid);
        if (n) r.net = n;
      }
    }
    // %MEM on every source: the machine's total is known everywhere (os.totalmem off Linux).
    const total = s.machine?.mem.total ?? 0;
    if (total > 0) for (const r of processes) if (!r.exited) r.memPct = (r.rss / total) * 100;
    const detail = source.caps.machineDetail ? this.detail.sample(now) : null;
    history.record(processes, now);
    return detail;
  }
}
