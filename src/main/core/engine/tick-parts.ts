import type { ProcRow, ThreadRow } from '../../../shared/model';
import type { StatFields, WaitReader } from '../procfs';
import type { CpuTracker } from '../sampler/cpu-tracker';
import type { MachineSample, MachineSampler } from '../sampler/machine';
import type { SchedReader } from '../sampler/sched-shares';
import type { ProcSource } from '../sampler/source';
import type { Supervisor } from '../supervisor/supervisor';
import type { ProcLook } from '../watchdog/deadlock';
import type { ForeignRows } from './foreign-rows';
import type { Enricher } from './stages/enrich';
import type { ProcHistory } from '../sampler/history';
import type { RunSamples } from './stages/run-samples';
import type { MonitorView } from './monitor-view';
import type { WatchdogFeed } from './watchdog-feed';

/** What the stages work with across ticks: the engine's readers and the state each stage keeps. */
export interface TickParts {
  readonly source: ProcSource;
  readonly supervisor: Supervisor;
  readonly cpu: CpuTracker;
  /** Null off Linux or when turned off: threads then carry no wait reason. */
  readonly waits: WaitReader | null;
  /** Null where the kernel gives no per-thread schedstat: lanes then draw the state seen at each look. */
  readonly sched: SchedReader | null;
  readonly view: MonitorView;
  readonly machine: MachineSampler;
  readonly runSamples: RunSamples;
  readonly foreign: ForeignRows;
  readonly feed: WatchdogFeed;
  readonly enricher: Enricher;
  /** Each row's recent figures, for the details pane. */
  readonly history: ProcHistory;
}

/**
 * One tick's facts, filled stage by stage: each process's stat line is read once per tick and
 * every later stage looks it up here instead of reading /proc again.
 */
export interface TickSnapshot {
  /** A display tick (rows and the 'tick' event); false: a runs-only tick between them. */
  readonly full: boolean;
  /** A display tick in system scope: every process of the machine is read. */
  readonly system: boolean;
  readonly now: number;
  /** System scope: the stat line of every process no run tracks. */
  readonly sysStats: Map<number, StatFields>;
  /** The tracked (run) processes' stat lines. */
  stats: Map<number, StatFields>;
  /** Thread rows by pid: the runs' processes, then watched pids. */
  readonly threads: Record<number, ThreadRow[]>;
  /**
   * The runs' threads: each one's CPU ticks, by TID (ProcLab's listener left out). The watchdog
   * judges "moved" on these, not the process total: that sum of unrounded times can tick on from
   * the listener's work alone.
   */
  readonly threadTicks: Map<number, number>;
  /** The runs' processes as the deadlock watchdog looks at them. */
  readonly runLooks: ProcLook[];
  /** The display's rows (full ticks). */
  readonly processes: ProcRow[];
  /** CPU % of each foreign row, so a second look at the pid in this tick reuses it. */
  readonly foreignCpu: Map<number, number>;
  machine: MachineSample | null;
}

export function newSnapshot(full: boolean, system: boolean, now: number): TickSnapshot {
  return {
    full,
    system,
    now,
    sysStats: new Map(),
    stats: new Map(),
    threads: {},
    threadTicks: new Map(),
    runLooks: [],
    processes: [],
    foreignCpu: new Map(),
    machine: null,
  };
}
