import os from 'node:os';
import type { MemInfo } from '../../../shared/model';
import { coreUtilization, parseMeminfo, parseProcStat, readText, type ProcStatSnapshot } from '../procfs';

export interface MachineSample {
  cores: number[];
  total: number;
  mem: MemInfo;
  load: [number, number, number];
}

/** Per-core utilization, memory and load: /proc/stat + /proc/meminfo deltas on Linux, os.cpus() elsewhere. */
export class MachineSampler {
  private prev: ProcStatSnapshot | null = null;

  constructor(private readonly procfs: boolean) {}

  sample(): MachineSample {
    const [l1, l5, l15] = os.loadavg();
    const load: [number, number, number] = [l1 ?? 0, l5 ?? 0, l15 ?? 0];
    const { cores, total } = this.sampleCores();
    const memText = this.procfs ? readText('/proc/meminfo') : null;
    const mem = memText ? parseMeminfo(memText) : { total: os.totalmem(), available: os.freemem() };
    return { cores, total, mem, load };
  }

  /** Per-core utilization since this sampler's previous reading (only /proc/stat). */
  sampleCores(): { cores: number[]; total: number } {
    const statText = this.procfs ? readText('/proc/stat') : null;
    const cur = statText ? parseProcStat(statText) : fromOsCpus();
    const r = coreUtilization(this.prev, cur);
    this.prev = cur;
    return r;
  }
}

function fromOsCpus(): ProcStatSnapshot {
  const cores = os.cpus().map((c) => {
    const t = c.times;
    const total = t.user + t.nice + t.sys + t.idle + t.irq;
    return { busy: total - t.idle, total };
  });
  const all = cores.reduce((a, c) => ({ busy: a.busy + c.busy, total: a.total + c.total }), { busy: 0, total: 0 });
  return { all, cores, btime: null };
}
