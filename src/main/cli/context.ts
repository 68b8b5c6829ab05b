import { MIN_INTERVAL_MS } from '../../shared/monitor-view';
import type { Proclab, ProclabOptions } from '../core/service/proclab';

/** The part of the service the CLI drives (tests pass a fake with the same shape). */
export type Service = Pick<Proclab, 'handle' | 'on' | 'waitForRun' | 'waitForBatch' | 'shutdown'>;

export interface CliIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export type OnSignal = (cb: (sig: 'SIGINT' | 'SIGTERM') => void) => () => void;

export interface CliDeps {
  createService?: (opts: ProclabOptions) => Promise<Service>;
  env?: NodeJS.ProcessEnv;
  /** Subscribes to SIGINT/SIGTERM; returns the unsubscribe. Tests inject their own trigger. */
  onSignal?: OnSignal;
}

/** Exit codes: 0 ok, 1 the work failed, 2 bad input, 130/143 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

/**
 * Runs the CLI measures are sampled every 250 ms (the app's default is coarser): a run of a
 * few seconds then has enough samples for averages, and sampling only the run's own
 * processes costs little next to the work.
 */
export const MEASURE: Partial<ProclabOptions> = { intervalMs: MIN_INTERVAL_MS };

/** What every command module gets from `main`: one invocation's service, output and exit code. */
export interface CliContext {
  /** Creates the service, runs `fn`, and always shuts it down (ending the run's processes), also on Ctrl-C. */
  withService(fn: (svc: Service) => Promise<number>, extra?: Partial<ProclabOptions>): Promise<number>;
  out(s: string): void;
  err(s: string): void;
  setCode(code: number): void;
  env: NodeJS.ProcessEnv;
  onSignal: OnSignal;
  /** The words after `run --` (null when there is no `--`). */
  command: string[] | null;
  /** Runs this invocation started: the ones Ctrl-C stops. */
  ownRuns: Set<string>;
}
