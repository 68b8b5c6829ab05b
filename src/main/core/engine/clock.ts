import { performance } from 'node:perf_hooks';

/**
 * While a run is live its processes are sampled this often, whatever the display's refresh
 * rate: a 2 s run sampled once a second gives a verdict over one sample and loses the CPU of
 * processes that end between ticks. These in-between ticks read only the runs' processes.
 */
export const RUN_SAMPLE_MS = 250;
/**
 * …and during a run's first RUN_START_FAST_MS, every RUN_START_SAMPLE_MS: a program that lives
 * 1.5 s gets a verdict over dozens of samples, and a child that lives 100 ms at the start (a
 * pool's workers, a fork) is seen — each of these ticks also reads the run's cgroup.procs.
 */
export const RUN_START_SAMPLE_MS = 50;
export const RUN_START_FAST_MS = 2500;

export interface ClockDeps {
  /** The display's interval now (a client may change it at any time). */
  intervalMs(): number;
  /** When each live run started (epoch ms). */
  liveRunStarts(): number[];
  /** Whether the runs' processes may be read between display ticks at all. */
  sampleBetween(): boolean;
  /** A full tick (display rows and the 'tick' event). */
  fullTick(): Promise<unknown>;
  /** A runs-only tick (run samples, the watchdog on the runs). */
  runTick(): Promise<unknown>;
}

/**
 * The engine's two cadences on one timer: full ticks at the display interval and runs-only
 * ticks at the run sample pace while a run is live. One timer, so ticks never overlap and a
 * change of either pace takes effect at once instead of after the old wait.
 */
export class TickClock {
  private ticking = false;
  private timer: NodeJS.Timeout | null = null;
  // On performance.now(): a wall-clock step (NTP, a manual change) must not stall ticking.
  private lastFullTickAt = -Infinity;
  private lastTickAt = -Infinity;
  private timerDueAt = 0;
  private readonly runStartSampleMs: number;

  constructor(
    private readonly deps: ClockDeps,
    runStartSampleMs = RUN_START_SAMPLE_MS,
  ) {
    this.runStartSampleMs = Math.min(RUN_SAMPLE_MS, Math.max(20, runStartSampleMs));
  }

  start(): void {
    this.ticking = true;
    this.lastFullTickAt = this.lastTickAt = -Infinity;
    this.schedule(0);
  }

  stop(): void {
    this.ticking = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Brings the pending timer forward when a tick became due sooner (a launch, a shorter interval). */
  pullIn(): void {
    if (!this.timer) return; // a tick in flight schedules the next one itself
    const delay = this.nextDelay();
    if (performance.now() + delay >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.schedule(delay);
  }

  /** The pace of run samples now: fast while some live run is in its first seconds. */
  private runSampleMs(): number {
    const now = Date.now();
    for (const startedAt of this.deps.liveRunStarts()) if (now - startedAt < RUN_START_FAST_MS) return this.runStartSampleMs;
    return RUN_SAMPLE_MS;
  }

  private schedule(delayMs: number): void {
    if (!this.ticking) return;
    this.timerDueAt = performance.now() + delayMs;
    this.timer = setTimeout(() => void this.loop(), delayMs);
    this.timer.unref();
  }

  /** Until the next tick: a full one at the display interval, a runs-only one every run sample while a run is live. */
  private nextDelay(): number {
    const now = performance.now();
    const untilFull = this.lastFullTickAt + this.deps.intervalMs() - now;
    const untilRunSample = this.deps.sampleBetween() ? this.lastTickAt + this.runSampleMs() - now : Infinity;
    return Math.max(0, Math.min(untilFull, untilRunSample));
  }

  private async loop(): Promise<void> {
    this.timer = null;
    const t0 = performance.now();
    // Half a run interval early counts as due, so the two clocks do not drift into a short extra tick.
    const full = t0 - this.lastFullTickAt >= this.deps.intervalMs() - this.runSampleMs() / 2;
    try {
      if (full) {
        this.lastFullTickAt = this.lastTickAt = t0;
        await this.deps.fullTick();
      } else if (this.deps.sampleBetween()) {
        this.lastTickAt = t0;
        await this.deps.runTick();
      }
    } catch (e) {
      // A tick must never kill the loop; report it in the output of no run.
      process.emitWarning(`proclab tick failed: ${(e as Error).message}`);
    }
    if (!this.timer) this.schedule(this.nextDelay());
  }
}
