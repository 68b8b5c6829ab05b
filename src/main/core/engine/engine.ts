import { performance } from 'node:perf_hooks';
import { say } from '../../../shared/engine-texts';
import type {
  DeadlockEvent,
  ExitInfo,
  I18nText,
  LifecycleEvent,
  PlatformCaps,
  ProcDetails,
  ProcRow,
  RunNetEvent,
  RunOutcome,
  RunOutput,
  RunSample,
  RunSocket,
  StopCause,
  Scope,
  ThreadRow,
  TickEvent,
} from '../../../shared/model';
import type { PriorityResult, SignalResult } from '../../../shared/results';
import type { SignalRequest } from '../supervisor/signals';
import { isKernelThread, stateFromChar, WaitReader, type StatFields } from '../procfs';
import { CpuTracker } from '../sampler/cpu-tracker';
import { MachineSampler } from '../sampler/machine';
import { MachineDetailSampler } from '../sampler/machine-detail';
import { NetSampler } from '../sampler/proc-net';
import { listed, RunSocketSampler, tcpCounts } from '../sampler/run-sockets';
import { RowDetails } from '../sampler/row-details';
import { isServiceDaemon, ReparentWatch } from '../sampler/foreign-lineage';
import { readProcDetails } from '../sampler/details';
import { ProcHistory } from '../sampler/history';
import { createSource, type ProcSource } from '../sampler/source';
import { hasSchedstat, SchedReader } from '../sampler/sched-shares';
import { readThreads } from '../sampler/threads';
import { Cgroups, detectCgroups } from '../supervisor/cgroup';
import { registerInstance } from '../supervisor/instances';
import { LiveJournal } from '../supervisor/journal';
import { PriorityActions } from '../supervisor/priorities';
import { type LaunchResult, type LaunchSpec } from '../supervisor/run';
import { Supervisor } from '../supervisor/supervisor';
import { DEADLOCK_THRESHOLD_MS, DeadlockWatch, type ProcLook } from '../watchdog/deadlock';
import { channelOf } from '../stacks/py-channel';
import { potentialDeadlock, withOwners } from '../stacks/deadlock-owners';
import { ForeignStillness } from '../watchdog/foreign-stillness';
import { LockMarks } from '../watchdog/lock-marks';
import { stuckSets } from '../waits/wait-graph';
import { WaitGraphReader } from '../waits/wait-graph-reader';
import { WaitGraphWatch } from '../waits/wait-graph-watch';
import { withWaitStacks } from '../waits/wait-graph-stacks';
import { hostSyscallArch } from '../procfs/syscalls';
import { TypedEmitter } from './typed-emitter';
import { procKey } from '../../../shared/proc-key';

export type { LaunchResult, LaunchSpec } from '../supervisor/run';

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

export interface MonitorConfig {
  scope: Scope;
  intervalMs: number;
  threadsFor: number[];
  /** Rows whose disk I/O is read in system scope (the runs' processes always are). */
  ioFor: number[];
  /** Rows whose sockets and TCP byte counters are read. */
  netFor: number[];
}

const clampInterval = (ms: number): number => Math.min(5000, Math.max(250, Math.round(ms)));
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
const MAX_THREADS_FOR = 64;
const MAX_IO_FOR = 512;
/** Rows of each run whose disk I/O every tick reads unasked (the rest: when a client shows them). */
export const RUN_IO_ROWS = 64;
const MAX_NET_FOR = 64;

/**
 * The one object hosts talk to for processes: launches and stops runs, signals processes,
 * and ticks the sampler (one batched 'tick' per interval plus immediate lifecycle events).
 */
export class Engine extends TypedEmitter<EngineEvents> {
  private readonly source: ProcSource;
  private readonly machine: MachineSampler;
  /** Per-core use for run samples, on its own clock: the display's sampler keeps its interval. */
  private readonly runMachine: MachineSampler;
  private readonly cpu: CpuTracker;
  private readonly supervisor: Supervisor;
  private readonly selfPid: number;
  /** Null off Linux or when turned off: threads then carry no wait reason. */
  private readonly waits: WaitReader | null;
  /** Null where the kernel gives no per-thread schedstat: lanes then draw the state seen at each look. */
  private readonly sched: SchedReader | null;
  private readonly runStartSampleMs: number;
  private readonly lockMarks = new LockMarks();
  private readonly watch: DeadlockWatch;
  /** The cross-process wait-for graph (pipes, sockets, children, shared futexes): deadlocks without a lock cycle in one process. */
  private readonly graphWatch: WaitGraphWatch;
  private readonly graphReader = new WaitGraphReader(hostSyscallArch());
  private readonly stillness = new ForeignStillness();
  private scope: Scope = 'runs';
  private intervalMs: number;
  private threadsFor: number[] = [];
  private ioFor = new Set<number>();
  private netFor: number[] = [];
  private readonly detail = new MachineDetailSampler();
  private readonly rowDetails = new RowDetails();
  private readonly nets = new NetSampler();
  /** The runs' processes' sockets for their samples: its own cache, so the details pane's pid set does not evict it. */
  private readonly runSockets = new RunSocketSampler();
  /** Live runs whose processes have held a TCP socket: they get a `run-net` event at every reading, down to none. */
  private readonly netRuns = new Set<string>();
  private readonly priorities: PriorityActions;
  private readonly history = new ProcHistory();
  private ticking = false;
  private timer: NodeJS.Timeout | null = null;
  private inTick: Promise<TickEvent | null> | null = null;
  // Tick clocks on performance.now(): a wall-clock step (NTP, a manual change) must not stall ticking.
  private lastFullTickAt = -Infinity;
  private lastTickAt = -Infinity;
  private timerDueAt = 0;
  /** System scope: cmd/user/start date of foreign processes, read once per (pid, start time). */
  private unregister: () => void = () => {};
  private foreignInfo = new Map<string, { cmd: string; user: string | null; startedAt: number }>();
  private readonly reparents = new ReparentWatch();

  constructor(opts: EngineOptions) {
    super();
    this.selfPid = opts.selfPid ?? process.pid;
    this.intervalMs = clampInterval(opts.intervalMs ?? 1000);
    this.source = createSource();
    this.machine = new MachineSampler(this.source.machineStats);
    this.runMachine = new MachineSampler(this.source.machineStats);
    this.cpu = new CpuTracker(this.source.clkTck, (st) => this.source.startedAtMs(st));
    const selfStart = this.source.probe(process.pid)?.startTime ?? null;
    // Cgroups are named by instance (pid + start time): without a start time there is no safe name.
    const cgroups = new Cgroups(selfStart !== null ? detectCgroups() : { v2Base: null, v1MemBase: null }, {
      pid: process.pid,
      startTime: selfStart ?? 0,
    });
    this.waits = this.source.caps().procfs && opts.waitReasons !== false ? new WaitReader() : null;
    this.runStartSampleMs = Math.min(RUN_SAMPLE_MS, Math.max(20, opts.runStartSampleMs ?? RUN_START_SAMPLE_MS));
    this.sched = this.source.caps().procfs && opts.schedShares !== false && hasSchedstat() ? new SchedReader() : null;
    this.watch = new DeadlockWatch(Math.max(250, opts.deadlockMs ?? DEADLOCK_THRESHOLD_MS), (runId) => this.lockMarks.cycle(runId));
    this.graphWatch = new WaitGraphWatch(this.watch.thresholdMs);
    this.supervisor = new Supervisor(
      this.source,
      new LiveJournal(opts.stateDir, { pid: process.pid, startTime: selfStart }),
      {
        lifecycle: (e) => this.emit('lifecycle', e),
        output: (o) => {
          this.emit('output', o);
          this.noteActivity(o);
        },
        runExit: (e) => {
          this.lockMarks.forget(e.runId);
          this.emit('run-exit', e);
        },
        channel: (runId, ch) => {
          ch.onInversion = (inv) => this.emit('deadlock', potentialDeadlock(runId, ch.pid, this.source.probe(ch.pid), inv));
        },
      },
      this.selfPid,
      cgroups,
    );
    this.priorities = new PriorityActions(this.source, (pid, st) => this.supervisor.owns(pid, st), this.selfPid);
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
    this.lastFullTickAt = this.lastTickAt = -Infinity;
    this.schedule(0);
    return { leftoversEnded };
  }

  async launch(spec: LaunchSpec): Promise<LaunchResult> {
    const id = await this.supervisor.launch(spec);
    // The next display tick may be up to 5 s away: the new run's first samples should not wait for it.
    this.pullTimerIn();
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
    return readProcDetails(req, this.source, this.history);
  }

  configure(c: { scope?: Scope; intervalMs?: number; threadsFor?: number[]; ioFor?: number[]; netFor?: number[] }): MonitorConfig {
    if (c.scope) {
      if (c.scope !== this.scope) this.foreignInfo.clear();
      this.scope = c.scope;
    }
    if (c.threadsFor) this.threadsFor = [...new Set(c.threadsFor.filter((p) => Number.isInteger(p) && p > 0))].slice(0, MAX_THREADS_FOR);
    if (c.ioFor) this.ioFor = new Set(c.ioFor.filter((p) => Number.isInteger(p) && p > 0).slice(0, MAX_IO_FOR));
    if (c.netFor) this.netFor = [...new Set(c.netFor.filter((p) => Number.isInteger(p) && p > 0))].slice(0, MAX_NET_FOR);
    if (c.intervalMs !== undefined) {
      // Apply now rather than after the old (possibly 5 s) wait; a live run keeps its 250 ms samples.
      this.intervalMs = clampInterval(c.intervalMs);
      this.pullTimerIn();
    }
    return {
      scope: this.scope,
      intervalMs: this.intervalMs,
      threadsFor: [...this.threadsFor],
      ioFor: [...this.ioFor],
      netFor: [...this.netFor],
    };
  }

  caps(): PlatformCaps {
    const contained = this.supervisor.contained;
    const mem = this.supervisor.memorySource();
    const c = this.source.caps();
    const waits = this.waits !== null;
    const waitNotes = !c.procfs ? [say('caps.no-waits')] : process.getuid?.() === 0 ? [] : [say('caps.waits-wchan')];
    if (c.threads && !this.sched) waitNotes.push(say('caps.no-schedstat'));
    const notes = [...(contained ? [] : [say('caps.no-cgroup')]), say(`caps.mem-${mem}`), ...c.notes, ...waitNotes];
    return { os: process.platform, procfs: c.procfs, threads: c.threads, states: c.states, waits, contained, memorySource: mem, notes };
  }

  /** Current rows of a run (live and recently exited). */
  runProcesses(runId: string): ProcRow[] {
    return this.supervisor.rows(runId);
  }

  /** Ends every tracked live process, stops ticking, clears the journal. */
  async shutdown(): Promise<void> {
    this.ticking = false;
    this.unregister();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inTick?.catch(() => {});
    await this.supervisor.shutdown();
    this.source.close();
    this.waits?.close();
    this.sched?.close();
  }

  /**
   * Runs one tick now and resolves with its event (also emitted). If a tick is in progress,
   * returns that one instead of starting another: ticks never overlap. For tests and benches.
   */
  async tickNow(): Promise<TickEvent> {
    for (;;) {
      if (!this.inTick) this.inTick = this.tick(true).finally(() => (this.inTick = null));
      const ev = await this.inTick;
      if (ev) return ev; // a runs-only tick was in flight: now take a full one
    }
  }

  private runTickNow(): Promise<TickEvent | null> {
    if (!this.inTick) this.inTick = this.tick(false).finally(() => (this.inTick = null));
    return this.inTick;
  }

  private schedule(delayMs: number): void {
    if (!this.ticking) return;
    this.timerDueAt = performance.now() + delayMs;
    this.timer = setTimeout(() => void this.loop(), delayMs);
    this.timer.unref();
  }

  /** Until the next tick: a full one at the display interval, a runs-only one every RUN_SAMPLE_MS while a run is live. */
  private nextDelay(): number {
    const now = performance.now();
    const untilFull = this.lastFullTickAt + this.intervalMs - now;
    const untilRunSample = this.sampleRunsBetween() ? this.lastTickAt + this.runSampleMs() - now : Infinity;
    return Math.max(0, Math.min(untilFull, untilRunSample));
  }

  /** Brings the pending timer forward when a tick became due sooner (a launch, a shorter interval). */
  private pullTimerIn(): void {
    if (!this.timer) return; // a tick in flight schedules the next one itself
    const delay = this.nextDelay();
    if (performance.now() + delay >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.schedule(delay);
  }

  private async loop(): Promise<void> {
    this.timer = null;
    const t0 = performance.now();
    // Half a run interval early counts as due, so the two clocks do not drift into a short extra tick.
    const full = t0 - this.lastFullTickAt >= this.intervalMs - this.runSampleMs() / 2;
    try {
      if (full) {
        this.lastFullTickAt = this.lastTickAt = t0;
        await this.tickNow();
      } else if (this.sampleRunsBetween()) {
        this.lastTickAt = t0;
        await this.runTickNow();
      }
    } catch (e) {
      // A tick must never kill the loop; report it in the output of no run.
      process.emitWarning(`proclab tick failed: ${(e as Error).message}`);
    }
    if (!this.timer) this.schedule(this.nextDelay());
  }

  /** The pace of run samples now: fast while some live run is in its first seconds. */
  private runSampleMs(): number {
    const now = Date.now();
    for (const r of this.supervisor.liveRuns()) if (now - r.startedAtMs < RUN_START_FAST_MS) return this.runStartSampleMs;
    return RUN_SAMPLE_MS;
  }

  /** Only /proc is cheap enough to read between display ticks (the `ps` source spawns a process per tick). */
  private sampleRunsBetween(): boolean {
    return this.source.live && this.supervisor.hasLiveRun();
  }

  /**
   * One sampling pass. A full tick serves the display (system scope, foreign rows, the 'tick'
   * event); a runs-only tick (`full` false) just follows the runs' processes and journals a
   * run sample, and returns null.
   */
  private async tick(full: boolean): Promise<TickEvent | null> {
    const t0 = performance.now();
    const sup = this.supervisor;
    const system = full && this.scope === 'system';
    await this.source.refresh([...[...sup.liveProcs()].map((p) => p.pid), ...(full ? this.threadsFor : [])]);
    const now = Date.now();

    // 1. Which processes exist, and which new ones belong to a run. In runs scope the /proc
    // listing is skipped when the kernel has handed out no pid since the last tick.
    const maybeNew = this.source.maybeNewPids();
    const sysStats = new Map<number, StatFields>();
    if (system || maybeNew) {
      const allPids = this.source.listPids();
      if (system) {
        for (const pid of allPids) {
          if (sup.isTrackedPid(pid)) continue;
          const st = this.source.read(pid);
          if (st) sysStats.set(pid, st);
        }
      }
      sup.discover(allPids, (pid) => (system ? (sysStats.get(pid) ?? null) : this.source.probe(pid)));
    }
    // Whatever discovery missed (a setsid'd grandchild whose parent is gone) is still in its cgroup.
    sup.adoptCgroupMembers();

    // 2. Fresh facts for every tracked process (exits, states, orphans, daemons).
    const stats = sup.updateTracked(now, this.cpu);

    // 3. Threads of the runs' processes.
    const threads: Record<number, ThreadRow[]> = {};
    const reader = this.source.reader;
    for (const p of sup.liveProcs()) {
      const st = stats.get(p.pid);
      if (st && reader) threads[p.pid] = readThreads(p.pid, st, reader, this.cpu, now, p.cpu, this.waits, this.sched);
    }

    // 4. Rules: limits, daemons whose parent ended, pruning, journal.
    sup.enforce(now);
    const runLooks: ProcLook[] = [];
    if (this.waits)
      for (const p of sup.liveProcs()) {
        const st = stats.get(p.pid);
        const rows = threads[p.pid];
        if (st && rows)
          runLooks.push({
            pid: p.pid,
            startTime: p.startTime,
            name: p.name,
            runId: p.runId,
            cpuTicks: st.utime + st.stime,
            threads: rows,
            cycleTids: p.runId ? this.lockMarks.cycleTids(p.runId) : null,
          });
      }

    // 5. Per-run samples for the journal. The run's core reading is taken every tick, so a run's
    // first sample covers one interval, not the time since the previous run.
    const runPids = [...sup.liveProcs()].filter((p) => !p.exited && p.state !== 'dead').map((p) => p.pid);
    const runNets =
      this.source.kind === 'procfs' ? this.runSockets.get(runPids, now) : { sockets: new Map<number, RunSocket[]>(), fresh: false };
    this.emitRunSamples(now, threads, this.runMachine.sampleCores().cores, runNets.sockets);
    if (runNets.fresh) this.emitRunNets(now, runNets.sockets);
    const liveKey = new Set([...sup.liveProcs()].map((p) => procKey(p.pid, p.startTime)));
    if (!full) {
      const alive = (pid: number, st: number) => liveKey.has(procKey(pid, st)) || !sup.isTrackedPid(pid);
      this.emitDeadlocks(this.watch.observe(now, runLooks, alive));
      this.observeGraph(now, runLooks, (pid) => stats.get(pid)?.ppid ?? 0, alive);
      return null;
    }

    // 6. The display's rows: the runs' processes, foreign ones in system scope, watched threads.
    const m = this.machine.sample();
    const processes: ProcRow[] = [];
    processes.push(...sup.rows());
    const seenForeign = new Set<string>();
    const foreignCpu = new Map<number, number>();
    if (system) {
      for (const [pid, st] of sysStats) {
        if (sup.isTrackedPid(pid)) continue;
        const row = this.foreignRow(pid, st, now, sysStats.get(st.ppid)?.comm);
        seenForeign.add(procKey(pid, st.startTime));
        foreignCpu.set(pid, row.cpu);
        processes.push(row);
      }
      for (const k of this.foreignInfo.keys()) if (!seenForeign.has(k)) this.foreignInfo.delete(k);
      this.reparents.retain(seenForeign);
    }
    // The watchdog in system scope: foreign processes whose CPU has stood still long enough.
    const foreignLooks: ProcLook[] = [];
    if (system && this.waits && reader) {
      for (const [pid, st] of sysStats) {
        if (sup.isTrackedPid(pid) || pid === 2 || st.ppid === 2 || pid === this.selfPid) continue;
        const ticks = st.utime + st.stime;
        const since = this.stillness.update(pid, st.startTime, ticks, now);
        if (!this.stillness.due(pid, st.startTime, now, this.watch.thresholdMs, this.watch.isFlagged(pid, st.startTime))) continue;
        const procCpu = foreignCpu.get(pid) ?? 0;
        const rows = threads[pid] ?? readThreads(pid, st, reader, this.cpu, now, procCpu, this.waits, this.sched);
        foreignLooks.push({ pid, startTime: st.startTime, name: st.comm, runId: null, cpuTicks: ticks, threads: rows, stillSince: since });
      }
      this.stillness.sweep(now);
    }
    const alive = (pid: number, st: number) =>
      sup.isTrackedPid(pid)
        ? liveKey.has(procKey(pid, st))
        : system
          ? sysStats.get(pid)?.startTime === st
          : this.source.probe(pid)?.startTime === st;
    this.emitDeadlocks(this.watch.observe(now, [...runLooks, ...foreignLooks], alive));
    this.observeGraph(now, [...runLooks, ...foreignLooks], (pid) => stats.get(pid)?.ppid ?? sysStats.get(pid)?.ppid ?? 0, alive);

    for (const pid of this.threadsFor) {
      if (threads[pid] || !reader) continue;
      const st = sysStats.get(pid) ?? this.source.read(pid);
      if (!st) continue;
      const procCpu = foreignCpu.get(pid) ?? this.cpu.update(String(pid), st.startTime, st.utime + st.stime, now);
      threads[pid] = readThreads(pid, st, reader, this.cpu, now, procCpu, this.waits, this.sched);
    }

    // 6b. NI/PRI/last core for every row, disk I/O for the ones asked for and each run's first
    // RUN_IO_ROWS, sockets for netFor. Disk I/O is one more open + read + close per process: for
    // every process of a run of a thousand it was half the tick.
    if (this.source.kind === 'procfs') {
      const runIoRows = new Map<string, number>();
      const wantsIo = (r: ProcRow): boolean => {
        if (this.ioFor.has(r.pid)) return true;
        if (r.runId === null) return false;
        const n = runIoRows.get(r.runId) ?? 0;
        runIoRows.set(r.runId, n + 1);
        return n < RUN_IO_ROWS;
      };
      this.rowDetails.enrich(processes, (pid) => stats.get(pid) ?? sysStats.get(pid), wantsIo, now);
      const shown = new Set(processes.map((r) => r.pid));
      const nets = await this.nets.get(
        this.netFor.filter((pid) => shown.has(pid)),
        now,
      );
      for (const r of processes) {
        const n = r.exited ? undefined : nets.get(r.pid);
        if (n) r.net = n;
      }
    }
    // %MEM on every source: the machine's total is known everywhere (os.totalmem off Linux).
    if (m.mem.total > 0) for (const r of processes) if (!r.exited) r.memPct = (r.rss / m.mem.total) * 100;
    const detail = this.source.kind === 'procfs' ? this.detail.sample(now) : null;
    this.history.record(processes, now);

    // 7. Let go of descriptors and CPU history of what is no longer watched.
    this.cpu.sweep();
    const keep = new Set<number>([...sup.liveProcs()].map((p) => p.pid));
    for (const pid of this.threadsFor) keep.add(pid);
    if (system) for (const pid of sysStats.keys()) keep.add(pid);
    this.source.retain(keep);
    this.waits?.retain(keep);
    this.sched?.retain(keep);

    const ev: TickEvent = {
      ts: now,
      intervalMs: this.intervalMs,
      scope: this.scope,
      cores: m.cores,
      total: m.total,
      mem: m.mem,
      load: m.load,
      ...(detail && { detail }),
      processes,
      threads,
      costMs: performance.now() - t0,
      deadlocks: [...this.watch.suspected(), ...this.graphWatch.suspected()],
    };
    this.emit('tick', ev);
    return ev;
  }

  /** Progress and mark lines reset the watchdog for their run; lock marks feed its cycle. */
  private noteActivity(o: RunOutput): void {
    if (o.kind !== 'mark' && o.kind !== 'progress') return;
    const lock = o.data?.lock;
    if (o.kind === 'mark' && typeof lock === 'string') {
      const tid = o.data?.tid;
      const thread = o.data?.thread;
      this.lockMarks.add(o.runId, {
        label: o.text ?? '',
        lock,
        ...(typeof tid === 'number' && { tid }),
        ...(typeof thread === 'string' && { thread }),
      });
    }
    const out: DeadlockEvent[] = [];
    this.watch.activity(o.runId, o.ts, out);
    this.emitDeadlocks(out);
  }

  /**
   * The cross-process wait-for graph over the same looks as the watchdog (its cost rule: only
   * processes whose every thread the tick already saw blocked are read further). A set the
   * watchdog already speaks for is left to it: a process it flagged, or one run whose processes
   * only wait on locks and children (its run-level rule).
   */
  private observeGraph(now: number, looks: ProcLook[], ppid: (pid: number) => number, alive: (pid: number, st: number) => boolean): void {
    const input = this.graphReader.read(
      looks.map((l) => ({ ...l, ppid: ppid(l.pid) })),
      now,
    );
    const flagged = new Set(this.watch.suspected().flatMap((d) => d.pids ?? [d.pid]));
    const sets = (input ? stuckSets(input) : []).filter((set) => {
      if (set.some((s) => flagged.has(s.proc.pid))) return false;
      const oneRun = set[0]!.proc.runId !== null && set.every((s) => s.proc.runId === set[0]!.proc.runId);
      return !(oneRun && set.every((s) => s.links.every((l) => l.op === 'lock' || l.op === 'child')));
    });
    this.emitDeadlocks(this.graphWatch.observe(now, sets, alive));
  }

  private emitDeadlocks(events: DeadlockEvent[]): void {
    for (const e of events) {
      // A Python run's bootstrap knows who holds each lock: the event waits for its answer (bounded).
      if (e.kind === 'suspected' && e.waits)
        void withWaitStacks(e).then(
          () => this.emit('deadlock', e),
          () => this.emit('deadlock', e),
        );
      else if (e.kind === 'suspected' && channelOf(e.pid)?.open)
        void withOwners(e).then(
          () => this.emit('deadlock', e),
          () => this.emit('deadlock', e),
        );
      else this.emit('deadlock', e);
    }
  }

  /** The run view's live connections and port list: one event per run that holds (or held) a TCP socket. */
  private emitRunNets(now: number, sockets: Map<number, RunSocket[]>): void {
    const live = this.supervisor.liveRuns();
    const ids = new Set(live.map((r) => r.id));
    for (const id of this.netRuns) if (!ids.has(id)) this.netRuns.delete(id);
    for (const run of live) {
      const ev: RunNetEvent = { runId: run.id, ts: now, procs: [] };
      for (const p of run.procs.values()) {
        const mine = p.exited || p.state === 'dead' ? undefined : sockets.get(p.pid);
        if (mine) ev.procs.push({ pid: p.pid, startTime: p.startTime, tcp: tcpCounts(mine), ...listed(mine) });
      }
      if (ev.procs.length) this.netRuns.add(run.id);
      if (this.netRuns.has(run.id)) this.emit('run-net', ev);
    }
  }

  private emitRunSamples(now: number, threads: Record<number, ThreadRow[]>, cores: number[], nets: Map<number, RunSocket[]>): void {
    const live = this.supervisor.liveRuns();
    if (!live.length) return;
    for (const run of live) {
      const sample: RunSample = { ts: now, cores, procs: [], threads: [], mem: run.mem };
      for (const p of run.procs.values()) {
        // Zombies stay in the sample: they are still in the process table, which is the lesson.
        if (p.exited || p.state === 'dead') continue;
        const proc: RunSample['procs'][number] = {
          pid: p.pid,
          startTime: p.startTime,
          cpu: p.cpu,
          rss: p.rss,
          threads: p.threads,
          state: p.state,
          utimeMs: p.utimeMs,
          stimeMs: p.stimeMs,
        };
        if (p.ctxSwitches !== undefined) proc.ctxSwitches = p.ctxSwitches;
        const net = nets.get(p.pid);
        if (net) proc.tcp = tcpCounts(net);
        sample.procs.push(proc);
        sample.threads?.push(...(threads[p.pid] ?? []));
      }
      this.emit('run-sample', { runId: run.id, sample });
    }
  }

  private foreignRow(pid: number, st: StatFields, now: number, parentComm: string | undefined): ProcRow {
    const key = procKey(pid, st.startTime);
    let info = this.foreignInfo.get(key);
    if (!info) {
      // Once per new process: cmdline and owner never change in a way a monitor must follow.
      info = {
        cmd: this.source.cmdline(pid) || `[${st.comm}]`,
        user: this.source.user(pid),
        startedAt: this.source.startedAtMs(st.startTime),
      };
      this.foreignInfo.set(key, info);
    }
    return {
      pid,
      startTime: st.startTime,
      ppid: st.ppid,
      name: st.comm,
      cmd: info.cmd,
      user: info.user,
      state: stateFromChar(st.stateChar),
      orphan: this.reparents.see(pid, st.startTime, st.ppid),
      daemon: isServiceDaemon(st, parentComm),
      ...(isKernelThread(st) && { kernelThread: true }),
      exited: null,
      cpu: this.cpu.update(String(pid), st.startTime, st.utime + st.stime, now),
      rss: (this.source.reader?.residentPages(pid) ?? st.rssPages) * this.source.rssUnit,
      threads: st.numThreads,
      startedAt: info.startedAt,
      runId: null,
      cpuTimeMs: ((st.utime + st.stime) * 1000) / this.source.clkTck,
    };
  }
}
