import type { I18nText, PlatformCaps, ProcDetails, ProcRow, StopCause, TickEvent } from '../../../shared/model';
import type { PriorityResult, SignalResult } from '../../../shared/results';
import type { SignalRequest } from '../supervisor/signals';
import { WaitReader } from '../procfs';
import { CpuTracker } from '../sampler/cpu-tracker';
import { MachineSampler } from '../sampler/machine';
import { readProcDetails } from '../sampler/details';
import { ProcHistory } from '../sampler/history';
import { createSource, type ProcSource } from '../sampler/source';
import { SchedReader } from '../sampler/sched-shares';
import { Cgroups, detectCgroups } from '../supervisor/cgroup';
import { registerInstance } from '../supervisor/instances';
import { LiveJournal } from '../supervisor/journal';
import { PriorityActions } from '../supervisor/priorities';
import { type LaunchResult, type LaunchSpec } from '../supervisor/run';
import { Supervisor } from '../supervisor/supervisor';
import { TickClock } from './clock';
import type { EngineEvents, EngineOptions } from './engine-api';
import { platformCaps } from './platform-caps';
import { ForeignRows } from './foreign-rows';
import type { MonitorConfig, MonitorDemandPatch } from '../../../shared/monitor-view';
import { MonitorView } from './monitor-view';
import { Enricher } from './stages/enrich';
import { RunSamples } from './stages/run-samples';
import { TickRunner } from './tick';
import type { TickParts } from './tick-parts';
import { TypedEmitter } from './typed-emitter';
import { WatchdogFeed } from './watchdog-feed';

export type { LaunchResult, LaunchSpec } from '../supervisor/run';
export type { EngineEvents, EngineOptions } from './engine-api';
export { RUN_SAMPLE_MS, RUN_START_FAST_MS, RUN_START_SAMPLE_MS } from './clock';
export { RUN_IO_ROWS } from './stages/enrich';

/**
 * The one object hosts talk to for processes: launches and stops runs, signals processes,
 * and ticks the sampler (one batched 'tick' per interval plus immediate lifecycle events).
 * A facade: the tick's stages live in `tick.ts` and `stages/`, its two cadences in `clock.ts`.
 */
export class Engine extends TypedEmitter<EngineEvents> {
  private readonly source: ProcSource;
  private readonly supervisor: Supervisor;
  private readonly priorities: PriorityActions;
  private readonly view: MonitorView;
  private readonly parts: TickParts;
  private readonly clock: TickClock;
  private ticking = false;
  private readonly ticks: TickRunner;
  private unregister: () => void = () => {};

  constructor(opts: EngineOptions) {
    super();
    const selfPid = opts.selfPid ?? process.pid;
    this.view = new MonitorView(opts.intervalMs ?? 1000);
    const source = (this.source = createSource());
    const cpu = new CpuTracker(source.clkTck, (st) => source.startedAtMs(st));
    const selfStart = source.probe(process.pid)?.startTime ?? null;
    // Cgroups are named by instance (pid + start time): without a start time there is no safe name.
    const cgroups = new Cgroups(selfStart !== null ? detectCgroups() : { v2Base: null, v1MemBase: null }, {
      pid: process.pid,
      startTime: selfStart ?? 0,
    });
    const feed = new WatchdogFeed(opts.deadlockMs, selfPid, (e) => this.emit('deadlock', e));
    this.supervisor = new Supervisor(
      source,
      new LiveJournal(opts.stateDir, { pid: process.pid, startTime: selfStart }),
      {
        lifecycle: (e) => this.emit('lifecycle', e),
        output: (o) => {
          this.emit('output', o);
          feed.noteActivity(o);
        },
        runExit: (e) => feed.runEnded(e.runId, () => this.emit('run-exit', e)),
        channel: (runId, ch) => feed.listen(runId, ch, source),
        stopping: (runId) => feed.runStopping(runId),
      },
      selfPid,
      cgroups,
    );
    this.parts = {
      source,
      supervisor: this.supervisor,
      cpu,
      waits: source.caps.waits && opts.waitReasons !== false ? new WaitReader() : null,
      sched: source.caps.schedstat && opts.schedShares !== false ? new SchedReader() : null,
      view: this.view,
      machine: new MachineSampler(source.machineStats),
      runSamples: new RunSamples(source, this.supervisor, {
        sample: (e) => this.emit('run-sample', e),
        net: (e) => this.emit('run-net', e),
      }),
      foreign: new ForeignRows(source, cpu),
      feed,
      enricher: new Enricher(),
      history: new ProcHistory(),
    };
    this.ticks = new TickRunner(this.parts, (ev) => this.emit('tick', ev));
    this.clock = new TickClock(
      {
        intervalMs: () => this.view.intervalMs,
        liveRunStarts: () => this.supervisor.liveRuns().map((r) => r.startedAtMs),
        // Only a live source is cheap enough to read between display ticks (the `ps` source spawns a process per tick).
        sampleBetween: () => source.live && this.supervisor.hasLiveRun(),
        fullTick: () => this.ticks.full(),
        runTick: () => this.ticks.runsOnly(),
      },
      opts.runStartSampleMs,
    );
    this.priorities = new PriorityActions(source, (pid, st) => this.supervisor.owns(pid, st), selfPid);
    if (opts.graceMs !== undefined) this.supervisor.graceMs = Math.max(0, opts.graceMs);
  }

  /** Ends leftovers of a killed previous instance (journal), then starts ticking. */
  async start(): Promise<{ leftoversEnded: number }> {
    if (this.ticking) return { leftoversEnded: 0 };
    const leftoversEnded = await this.supervisor.endLeftovers();
    // Listed machine-wide while ticking, so no other ProcLab instance will signal this process.
    this.unregister = registerInstance(
      process.pid,
      this.source.probe(process.pid)?.startTime ?? null,
      (pid, startTime) => this.source.probe(pid)?.startTime === startTime,
    );
    this.ticking = true;
    this.clock.start();
    return { leftoversEnded };
  }

  async launch(spec: LaunchSpec): Promise<LaunchResult> {
    const id = await this.supervisor.launch(spec);
    // The next display tick may be up to 5 s away: the new run's first samples should not wait for it.
    this.clock.pullIn();
    return id;
  }

  /** Ends a run; `cause` is recorded on it as typed (default: the user stopped it). */
  stopRun(runId: string, reason?: string | I18nText, cause: StopCause = 'user-stop'): Promise<void> {
    return this.supervisor.stopRun(runId, reason, cause);
  }

  signal(req: SignalRequest): Promise<SignalResult> {
    return this.supervisor.signal(req);
  }

  /** nice −20…19 for every thread of the process; same policy as signals. */
  renice(req: { pid: number; startTime?: number; nice: number; confirm?: boolean }): Promise<PriorityResult> {
    return this.priorities.renice(req);
  }

  /** Pins the process (all threads) to a core list such as "0,2" or "0-1"; same policy as signals. */
  affinity(req: { pid: number; startTime?: number; cores: string; confirm?: boolean }): Promise<PriorityResult> {
    return this.priorities.affinity(req);
  }

  /** The details pane's facts about one process (cmdline, exe, cwd, limits, descriptors, sockets, history; env on request). */
  details(req: { pid: number; startTime?: number; env?: boolean }): Promise<ProcDetails> {
    return readProcDetails(req, this.source, this.parts.history);
  }

  configure(c: MonitorDemandPatch): MonitorConfig {
    const { scopeChanged, intervalGiven } = this.view.apply(c);
    if (scopeChanged) this.parts.foreign.forgetInfo();
    // Apply a new interval now rather than after the old (possibly 5 s) wait; a live run keeps its run samples.
    if (intervalGiven) this.clock.pullIn();
    return this.view.current();
  }

  caps(): PlatformCaps {
    return platformCaps(this.source, this.supervisor, this.parts.waits !== null, this.parts.sched !== null);
  }

  /** Current rows of a run (live and recently exited). */
  runProcesses(runId: string): ProcRow[] {
    return this.supervisor.rows(runId);
  }

  /** Ends every tracked live process, stops ticking, clears the journal. */
  async shutdown(): Promise<void> {
    this.ticking = false;
    this.unregister();
    this.clock.stop();
    await this.ticks.settled();
    await this.supervisor.shutdown();
    this.source.close();
    this.parts.waits?.close();
    this.parts.sched?.close();
  }

  /**
   * Runs one tick now and resolves with its event (also emitted). If a tick is in progress,
   * returns that one instead of starting another: ticks never overlap. For tests and benches.
   */
  tickNow(): Promise<TickEvent> {
    return this.ticks.full();
  }
}
