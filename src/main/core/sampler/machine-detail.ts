import type { MachineDetail, PressureInfo } from '../../../shared/model';
import {
  cpuModeShares,
  isWholeDisk,
  parseCpuModes,
  parseDiskstats,
  parseMemDetail,
  parseNetDev,
  parsePressure,
  parseUptime,
  readText,
  type CpuModeSnapshot,
} from '../procfs';
import { RateTracker } from './rates';

const pressure = (res: 'cpu' | 'memory' | 'io'): PressureInfo | null => {
  const t = readText(`/proc/pressure/${res}`);
  return t ? parsePressure(t) : null;
};

/**
 * The machine beyond per-core use: CPU time by mode, memory breakdown, swap, uptime, PSI and
 * disk/network throughput. Seven small /proc files per display tick; Linux only.
 */
export class MachineDetailSampler {
  private prevModes: CpuModeSnapshot | null = null;
  private readonly rates = new RateTracker();

  sample(now: number): MachineDetail | null {
    const statText = readText('/proc/stat');
    const memText = readText('/proc/meminfo');
    if (!statText || !memText) return null;
    const modes = parseCpuModes(statText);
    const prev = this.prevModes;
    this.prevModes = modes;
    const m = parseMemDetail(memText);
    const disks = parseDiskstats(readText('/proc/diskstats') ?? '')
      .filter((d) => isWholeDisk(d.device))
      .map((d) => {
        const [readBps, writeBps] = this.rates.rates(`disk:${d.device}`, [d.readBytes, d.writeBytes], now) as [number, number];
        return { device: d.device, readBps, writeBps, readBytes: d.readBytes, writeBytes: d.writeBytes };
      });
    const nets = parseNetDev(readText('/proc/net/dev') ?? '').map((n) => {
      const [rxBps, txBps] = this.rates.rates(`net:${n.iface}`, [n.rxBytes, n.txBytes], now) as [number, number];
      return { iface: n.iface, rxBps, txBps, rxBytes: n.rxBytes, txBytes: n.txBytes };
    });
    this.rates.sweep();
    return {
      cpu: cpuModeShares(prev?.all, modes.all),
      coreModes: modes.cores.map((c, i) => cpuModeShares(prev?.cores[i], c)),
      mem: { total: m.total, used: m.used, free: m.free, available: m.available, buffers: m.buffers, cached: m.cached, shared: m.shared },
      swap: { total: m.swapTotal, used: m.swapUsed, free: m.swapFree, cached: m.swapCached },
      uptimeS: parseUptime(readText('/proc/uptime') ?? '')?.uptimeS ?? 0,
      psi: { cpu: pressure('cpu'), memory: pressure('memory'), io: pressure('io') },
      disks,
      nets,
    };
  }
}
