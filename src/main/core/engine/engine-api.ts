import type {
  DeadlockEvent,
  ExitInfo,
  I18nText,
  LifecycleEvent,
  RunNetEvent,
  RunOutcome,
  RunOutput,
  RunSample,
  TickEvent,
} from '../../../shared/model';

// The engine's events and options: what a host sees of it besides its methods.

export interface EngineEvents {
  tick: TickEvent;
  lifecycle: LifecycleEvent;
  output: RunOutput;
  'run-sample': { runId: string; sample: RunSample };
  'run-net': RunNetEvent;
  /** `exit` is the root's; `endedAt` when the run's last process ended. */
  'run-exit': { runId: string; exit: ExitInfo; reason: I18nText | null; outcome: RunOutcome; endedAt: number };
  /** The deadlock watchdog suspects a process, or withdraws a suspicion. */
  deadlock: DeadlockEvent;
}

export interface EngineOptions {
  /** Where the leftover journal lives. */
  stateDir: string;
  /** Tick interval, 250..5000 ms (default 1000). */
  intervalMs?: number;
  /** The app's own pid (never signalled, nor its ancestors). Default: this process. */
  selfPid?: number;
  /** TERM → KILL grace of kill-tree, default 2000 ms. */
  graceMs?: number;
  /** Read why each blocked thread waits (Linux; default true). Off only to measure its cost. */
  waitReasons?: boolean;
  /** Run samples' pace during a run's first seconds (default RUN_START_SAMPLE_MS; RUN_SAMPLE_MS turns the fast start off, for the bench). */
  runStartSampleMs?: number;
  /** Read each thread's schedstat shares (Linux; default true). Off only to measure its cost or test the fallback. */
  schedShares?: boolean;
  /** How long every thread must sit in an untimed lock wait before a deadlock is suspected (default 3000 ms). */
  deadlockMs?: number;
}
