import type { ProcessStacks } from './stacks';
import type { TableSpec } from './table-view';
import type { CommandName } from './commands';
import type {
  DeadlockEvent,
  RunNetEvent,
  I18nText,
  LifecycleEvent,
  MachineInfo,
  PlatformCaps,
  ProcDetails,
  RunData,
  RunInfo,
  RunOutput,
  TickEvent,
  Verdict,
} from './model';
import type { MemorySource, ParamValue } from './model';
import type { ScenarioInfo, ScenarioLoadError } from './scenario';

export interface AppInfo {
  version: string;
  host: 'electron' | 'web';
  selfPid: number;
  platform: PlatformCaps;
  machine: MachineInfo;
  dataDir: string;
}

export interface SignalResult {
  pid: number;
  action: string;
  /** Plain words for the UI: "sent SIGSTOP to 1234", "killed tree of 5 processes". */
  message: string;
  /** `message` in both UI languages. */
  text?: I18nText;
  signalled: number;
}

/** Outcome of a renice or an affinity change: the values before and after, in plain words too. */
export interface PriorityResult {
  pid: number;
  message: string;
  text: I18nText;
  /** renice: nice before and after. */
  nice?: { from: number; to: number };
  /** affinity: the core lists before and after, as taskset prints them ("0-1"). */
  cores?: { from: string; to: string };
}

/** One row of a comparison: the figures DESIGN.md lists, per run. */
export interface CompareRow {
  runId: string;
  name: string;
  scenarioId: string | null;
  runtime: string;
  params: Record<string, ParamValue>;
  status: string;
  wallMs: number;
  cpuUserMs: number;
  cpuSysMs: number;
  avgCores: number;
  peakCores: number;
  /** Baseline wall time / this wall time. */
  speedup: number | null;
  /** speedup ÷ min(workers, cores) against a one-worker baseline (see COMPARE_COLUMNS), else null. */
  efficiency: number | null;
  /** The most, summed over its processes' RSS at one sample (shared pages count once per process). */
  peakRss: number;
  /**
   * The kernel's own peak for the run as a whole (its cgroup's charge, or PSS where there is no
   * cgroup; see `memorySource`): shared pages once. Null where the samples carry none.
   */
  peakMem?: number | null;
  memorySource?: MemorySource | null;
  procsStarted: number;
  /** The most of its processes alive at one sample (absent in comparisons made before it existed). */
  procsPeak?: number;
  threadsPeak: number;
  spawnLatencyMs: number | null;
  ctxSwitches: number | null;
  /** The program's metrics over the whole run (absent in comparisons made before it existed). */
  metrics?: Record<string, MetricSummary>;
  verdict: Verdict | null;
  /** Another program than the baseline's (another scenario or command): no speedup or efficiency. */
  unrelated?: boolean;
  /** It did not finish normally (stopped, failed, a limit, a signal): its wall time is not its work's. */
  abnormal?: boolean;
}

export interface MetricSummary {
  last: number;
  peak: number;
  mean: number;
  points: number;
}

export interface SeriesPoint {
  /** ms since the run started, so runs align at zero. */
  t: number;
  cores: number;
  rss: number;
  metrics: Record<string, number>;
}

export interface Comparison {
  baselineId: string;
  generatedAt: number;
  machine: MachineInfo;
  rows: CompareRow[];
  series: Array<{ runId: string; name: string; points: SeriesPoint[] }>;
}

export interface BatchProgress {
  batchId: string;
  done: number;
  total: number;
  current: string | null;
  runIds: string[];
  finished: boolean;
  error: string | null;
}

export interface ExportedReport {
  filename: string;
  mime: string;
  content: string;
}

/** One page of runs.list: newest first; `next` is null on the last page. */
export interface RunsPage {
  runs: RunInfo[];
  next: string | null;
  /** How many runs there are in all, now. */
  total: number;
}

/**
 * One page of runs.get: info, machine, events and deadlocks in full on the first page (empty after),
 * samples and outputs from the cursor on; `next` is null once both are exhausted.
 */
export type RunDataPage = RunData & { next: string | null };

export interface CommandResults {
  'app.info': AppInfo;
  'scenarios.list': { scenarios: ScenarioInfo[]; errors: ScenarioLoadError[] };
  'run.start': RunInfo;
  'run.command': RunInfo;
  'run.code': RunInfo;
  'run.stop': RunInfo;
  'process.signal': SignalResult;
  'process.renice': PriorityResult;
  'process.affinity': PriorityResult;
  'process.details': ProcDetails;
  'process.stacks': ProcessStacks;
  'monitor.configure': {
    scope: 'runs' | 'system';
    intervalMs: number;
    threadsFor: number[];
    ioFor?: number[];
    netFor?: number[];
    hidden?: boolean;
    table?: TableSpec | null;
  };
  'runs.list': RunsPage;
  'runs.get': RunDataPage;
  'runs.update': RunInfo;
  'runs.delete': { deleted: string };
  'compare.build': Comparison;
  'compare.models': BatchProgress;
  'report.export': ExportedReport;
}
// Compile-time check that every command has a result type.
type _Exhaustive = CommandResults[CommandName];
export type { _Exhaustive };

/** Events main pushes to every client. */
export interface EventMap {
  tick: TickEvent;
  lifecycle: LifecycleEvent[];
  run: RunInfo;
  output: RunOutput[];
  batch: BatchProgress;
  deadlock: DeadlockEvent;
  /** A live run's TCP sockets, per process (only runs whose processes hold any). */
  'run-net': RunNetEvent;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['tick', 'lifecycle', 'run', 'output', 'batch', 'deadlock', 'run-net'];
