import type { Scope } from '../../../shared/model';

/** What the hosts' clients asked the engine to read (their union), as `configure` answers it. */
export interface MonitorConfig {
  scope: Scope;
  intervalMs: number;
  threadsFor: number[];
  /** Rows whose disk I/O is read in system scope (the runs' processes always are). */
  ioFor: number[];
  /** Rows whose sockets and TCP byte counters are read. */
  netFor: number[];
}

export const clampInterval = (ms: number): number => Math.min(5000, Math.max(250, Math.round(ms)));
// Bounds on what a client may ask for: each listed pid costs reads on every tick.
const MAX_THREADS_FOR = 64;
const MAX_IO_FOR = 512;
const MAX_NET_FOR = 64;

const pids = (list: number[]): number[] => list.filter((p) => Number.isInteger(p) && p > 0);

/**
 * The monitor's current settings, read by the tick's stages and changed only through `apply`,
 * so the bounds above hold wherever a stage looks.
 */
export class MonitorView {
  scope: Scope = 'runs';
  intervalMs: number;
  threadsFor: number[] = [];
  ioFor = new Set<number>();
  netFor: number[] = [];

  constructor(intervalMs: number) {
    this.intervalMs = clampInterval(intervalMs);
  }

  /** Applies what is given; says whether the scope changed and whether an interval was given. */
  apply(c: Partial<MonitorConfig>): { scopeChanged: boolean; intervalGiven: boolean } {
    const scopeChanged = c.scope !== undefined && c.scope !== this.scope;
    if (c.scope) this.scope = c.scope;
    if (c.threadsFor) this.threadsFor = [...new Set(pids(c.threadsFor))].slice(0, MAX_THREADS_FOR);
    if (c.ioFor) this.ioFor = new Set(pids(c.ioFor).slice(0, MAX_IO_FOR));
    if (c.netFor) this.netFor = [...new Set(pids(c.netFor))].slice(0, MAX_NET_FOR);
    if (c.intervalMs !== undefined) this.intervalMs = clampInterval(c.intervalMs);
    return { scopeChanged, intervalGiven: c.intervalMs !== undefined };
  }

  current(): MonitorConfig {
    return {
      scope: this.scope,
      intervalMs: this.intervalMs,
      threadsFor: [...this.threadsFor],
      ioFor: [...this.ioFor],
      netFor: [...this.netFor],
    };
  }
}
