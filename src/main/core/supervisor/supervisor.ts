import type { Duplex } from 'node:stream';
import { ProclabError } from '../../../shared/errors';
import { shellJoin } from '../../../shared/argv';
import type { SignalRequest } from './signals';
import { asText, say } from '../../../shared/engine-texts';
import type { ExitCause, I18nText, MemorySource, ProcRow, RunOutcome, RunOutput, StopCause } from '../../../shared/model';
import { resolveLimits } from '../../../shared/outcome';
import type { SignalResult } from '../../../shared/results';
import type { CpuTracker } from '../sampler/cpu-tracker';
import type { ProcSource } from '../sampler/source';
import type { StatFields } from '../procfs';
import { LineRateLimiter, parseProtocolLine } from '../scenarios/protocol';
import type { LiveJournal } from './journal';
import { RunActions } from './actions';
import { fallbackStat, fmtBytes, fmtMs } from './helpers';
import { endLeftovers } from './leftovers';
import { spawnDetached } from './launcher';
import { bootstrapLaunch } from '../stacks/bootstrap';
import { PyChannel } from '../stacks/py-channel';
import { trySignal } from './signals';
import type { Cgroups } from './cgroup';
import { DeadlineWatch } from './deadline-watch';
import { checkKernelLimits, freshSeen, nprocLimitFor, pidsMaxFor, type KernelVerdict } from './kernel-limits';
import { isAlive, toRow, type LaunchResult, type LaunchSpec, type Run, type TrackedProc } from './run';
import { ProcTracker, type SupervisorHooks } from './tracker';

export type { SupervisorHooks } from './tracker';

/** Rows of exited processes stay visible this long so the UI can show how they ended. */
export const EXITED_KEEP_MS = 10_000;
/** PSS costs a walk of every mapping: read it this seldom (cgroup figures are read every tick). */
const PSS_EVERY_MS = 2000;

/**
 * How long a Python run's start waits for the bootstrap's hello before its first look. Short: a
 * run is not watched while it waits (a fork bomb under RLIMIT_NPROC died whole within the old 3 s
 * unseen); a hello that comes later still hides the listener from every look after it.
 */
const HELLO_WAIT_MS = 500;

/** TERM, then this long, then KILL: how a run is ended by default (a stop, a limit, its deadline). */
export const DEFAULT_GRACE_MS = 2000;

/** The env marker every run's processes carry, so leftovers are found even without a journal. */
export const RUN_MARKER = 'PROCLAB_RUN';

/**
 * Owns the runs: launches them, follows every descendant, classifies states, signals with
 * PID-reuse guards, enforces limits and keeps the leftover journal. It does no timing of its
 * own; the engine calls it once per tick. Tracking lives in ProcTracker and signalling in
 * RunActions so each can be read on its own; this class keeps the runs and the limits.
 */
export class Supervisor {
  /** The runs: only this class adds or removes them; tracker and actions get a read-only view. */
  private readonly runs = new Map<string, Run>();
  graceMs = DEFAULT_GRACE_MS;
  private readonly tracker: ProcTracker;
  private readonly actions: RunActions;
  private readonly deadlines = new DeadlineWatch();

  constructor(
    private readonly source: ProcSource,
    private readonly journal: LiveJournal,
    private readonly hooks: SupervisorHooks,
    private readonly selfPid: number,
    private readonly cgroups: Cgroups,
  ) {
    this.tracker = new ProcTracker(source, journal, hooks, this.runs, selfPid);
    this.actions = new RunActions(source, this.tracker, this.runs, selfPid, () => this.graceMs);
  }

  get contained(): boolean {
    return this.cgroups.available;
  }

  /** How a new run's memory is counted here. */
  memorySource(): MemorySource {
    return this.cgroups.memorySource() ?? (this.source.pssBytes(process.pid) !== null ? 'pss' : 'rss');
  }

  // ---- launching ---------------------------------------------------------------------------

  async launch(spec: LaunchSpec): Promise<LaunchResult> {
    const existing = this.runs.get(spec.runId);
    if (existing && !existing.finished) throw new ProclabError('conflict', `run ${spec.runId} is already running`);
    const limits = resolveLimits(spec.limits);
    let run: Run | null = null;
    const early: Array<['stdout' | 'stderr', string]> = [];
    const cgroup = this.cgroups.create(spec.runId);
    // Held by the kernel from the first instruction: a fork bomb never outruns a sampling tick.
    cgroup?.applyLimits(pidsMaxFor(limits.maxProcs, 1, 1), limits.maxMemBytes);
    const self = this.cgroups.self;
    const env = { ...spec.env, [RUN_MARKER]: `${spec.runId}:${self.pid}:${self.startTime}` };
    const bootstrap = spec.bootstrap === false ? null : bootstrapLaunch(spec.argv, spec.env);
    const child = await spawnDetached({
      argv: spec.argv,
      cwd: spec.cwd,
      env,
      bootstrap,
      join: cgroup ? cgroup.procsFiles() : [],
      nproc: cgroup ? null : nprocLimitFor(limits.maxProcs),
      cgroupNs: cgroup !== null,
      onLine: (stream, line) => (run ? this.onLine(run, stream, line) : early.push([stream, line])),
    }).catch((e: unknown) => {
      cgroup?.remove();
      throw e;
    });
    const pid = child.pid as number;
    const channelEnd = bootstrap?.runtime ? child.stdio[3] : null;
    if (channelEnd) {
      // The listener says hello with its TID before the program's own code runs: wait for it
      // (bounded) so no look at the run ever counts ProcLab's thread as the program's.
      const ch = new PyChannel(pid, channelEnd as Duplex, bootstrap!.runtime!);
      this.hooks.channel?.(spec.runId, ch);
      await ch.hello(HELLO_WAIT_MS);
    }
    let st = this.source.probe(pid);
    if (!st) {
      await this.source.refresh([...this.tracker.pids(), pid]);
      st = this.source.probe(pid);
    }
    const now = Date.now();
    let resolveClosed: () => void = () => {};
    const stdioClosed = new Promise<void>((r) => (resolveClosed = r));
    child.once('close', () => resolveClosed());
    run = {
      id: spec.runId,
      rootPid: pid,
      rootStart: st?.startTime ?? 0,
      argv: spec.argv,
      startedAtMs: now,
      limits,
      child,
      procs: new Map(),
      everSeen: new Set(),
      pendingDaemons: new Set(),
      rootExit: null,
      reason: null,
      stop: null,
      cgroup,
      memorySource: cgroup?.memorySource ?? this.memorySource(),
      mem: 0,
      memReadAt: -Infinity,
      finished: false,
      finishedAtMs: 0,
      stopping: null,
      stdioClosed,
      limiter: new LineRateLimiter(limits.maxOutputLinesPerSec),
      durationTimer: null,
      deadline: null,
      kernelSeen: freshSeen(),
      settle: () => {},
      onFinished: [],
    };
    this.runs.set(run.id, run);
    const root = this.tracker.track(run, st ?? fallbackStat(pid, process.pid), null);
    root.cmd = shellJoin(spec.argv);
    if (spec.daemon) {
      root.daemon = root.declaredDaemon = true;
      this.tracker.emit('daemon', root, say('ev.daemon-flag'));
    }
    const r = run;
    child.on('exit', (code, signal) => this.tracker.onRootExit(r, code, signal));
    r.durationTimer = setTimeout(
      () => void this.stopRun(r.id, say('why.timeout', { limit: fmtMs(limits.maxDurationMs) }), 'timeout', limits.maxDurationMs),
      limits.maxDurationMs,
    );
    r.durationTimer.unref();
    // The backstop: TERM at the deadline is the main thread's; KILL after the grace is also a worker's.
    if (cgroup) r.deadline = this.deadlines.watch(cgroup.killFile, now + limits.maxDurationMs + this.graceMs + 500);
    r.settle = () => this.settle(r);
    this.tracker.writeJournal();
    for (const [s, l] of early) this.onLine(r, s, l);
    // A root that ended while its stat was being read above (a run of `echo`) has already emitted
    // its 'exit' (Node sets exitCode and emits in one callback): without this its run never ends.
    // Taken last, as the 'exit' event would have come: after the run's early output is in.
    if (child.exitCode !== null || child.signalCode !== null) this.tracker.onRootExit(r, child.exitCode, child.signalCode);
    return { pid, startTime: root.startTime, contained: cgroup !== null, memorySource: r.memorySource, limits };
  }

  private onLine(run: Run, stream: 'stdout' | 'stderr', line: string): void {
    const now = Date.now();
    this.tracker.flushDropped(run, now, false);
    if (!run.limiter.admit(now, line.length)) return;
    const base = { runId: run.id, ts: now, stream, pid: run.rootPid };
    if (stream === 'stderr') return this.hooks.output({ ...base, kind: 'log', text: line });
    const parsed = parseProtocolLine(line);
    if (parsed.type === 'daemon') return this.tracker.declareDaemon(run, parsed.pid);
    const out: RunOutput = { ...base, kind: parsed.kind };
    if (parsed.text !== undefined) out.text = parsed.text;
    if (parsed.data !== undefined) out.data = parsed.data;
    this.hooks.output(out);
  }

  flushDropped(run: Run, now: number, force: boolean): void {
    this.tracker.flushDropped(run, now, force);
  }

  // ---- tracking ----------------------------------------------------------------------------

  updateTracked(now: number, cpu: CpuTracker): Map<number, StatFields> {
    return this.tracker.updateTracked(now, cpu);
  }

  discover(pids: number[], statOf: (pid: number) => StatFields | null): void {
    this.tracker.discover(pids, statOf);
  }

  /** Tracks every process in a live run's cgroup that discovery did not reach (it left the tree). */
  adoptCgroupMembers(): void {
    for (const run of this.runs.values()) if (!run.finished && run.cgroup) this.tracker.adoptMembers(run, run.cgroup.pids());
  }

  /** Per tick: limits, declared daemons whose parent ended, pruning old rows, the journal. */
  enforce(now: number): void {
    for (const run of this.runs.values()) {
      this.tracker.flushDropped(run, now, false);
      if (run.finished) {
        for (const [k, p] of run.procs) if (p.exited && now - p.exited.at > EXITED_KEEP_MS) run.procs.delete(k);
        if (!run.procs.size && now - run.finishedAtMs > EXITED_KEEP_MS) this.runs.delete(run.id);
        continue;
      }
      let count = 0;
      let rss = 0;
      for (const [k, p] of run.procs) {
        if (p.exited && now - p.exited.at > EXITED_KEEP_MS) run.procs.delete(k);
        if (!isAlive(p)) continue;
        count++;
        rss += p.rss;
        if (p.declaredDaemon && !p.isRoot && p.parentKey) {
          const parent = run.procs.get(p.parentKey);
          if (!parent || !isAlive(parent)) void this.actions.endDaemon(run, p);
        }
      }
      this.measureMemory(run, rss, now);
      // A run with a cgroup ends when the cgroup empties, which no exit event may announce.
      if (run.rootExit) this.tracker.checkFinished(run);
      if (run.stopping || run.finished) continue;
      const { maxProcs, maxMemBytes } = run.limits;
      const verdict = run.cgroup ? checkKernelLimits(run.cgroup, run.kernelSeen, run.limits) : null;
      if (verdict) {
        this.logKernel(run, verdict);
        void this.stopRun(run.id, verdict.reason, verdict.outcome.cause, verdict.outcome.limit);
      } else if (count > maxProcs) void this.stopRun(run.id, say('why.limit-procs', { limit: maxProcs }), 'limit:procs', maxProcs);
      else if (run.mem > maxMemBytes)
        void this.stopRun(run.id, say('why.limit-memory', { limit: fmtBytes(maxMemBytes) }), 'limit:memory', maxMemBytes);
    }
    this.tracker.writeJournal();
  }

  writeJournal(): void {
    this.tracker.writeJournal();
  }

  /** See Run.settle: the outcome of a run the kernel or the backstop ended between two looks. */
  private settle(run: Run): void {
    run.deadline?.cancel();
    this.endEscaped(run);
    if (run.stop) return;
    let verdict: KernelVerdict | null = run.cgroup ? checkKernelLimits(run.cgroup, run.kernelSeen, run.limits) : null;
    if (!verdict && run.deadline?.fired())
      verdict = {
        outcome: { cause: 'timeout', limit: run.limits.maxDurationMs },
        reason: say('why.timeout', { limit: fmtMs(run.limits.maxDurationMs) }),
        detail: null,
      };
    if (!verdict) return;
    this.logKernel(run, verdict);
    run.stop = verdict.outcome;
    run.reason = verdict.reason;
  }

  /**
   * Ends what carries this run's marker but is in none of its cgroups nor tracked: a root program
   * can move itself out of its cgroup (see README, Containment), and what it then starts
   * detached is found by its inherited environment only. A program that execs with a clean
   * environment is not found this way.
   */
  private endEscaped(run: Run): void {
    if (!this.source.live || !run.cgroup) return;
    const self = this.cgroups.self;
    const mark = `${run.id}:${self.pid}:${self.startTime}`;
    let n = 0;
    for (const pid of this.source.listPids()) {
      if (pid <= 1 || pid === this.selfPid || pid === process.pid) continue;
      if (this.source.envVar(pid, RUN_MARKER) === mark && trySignal(pid, 'SIGKILL')) n++;
    }
    if (n)
      this.hooks.output({
        runId: run.id,
        ts: Date.now(),
        stream: 'stderr',
        kind: 'log',
        text: `[proclab] ${say('why.escaped', { n }).en}`,
        pid: run.rootPid,
      });
  }

  /** One line in the run's log saying what the kernel did at a limit (the outcome names the limit). */
  private logKernel(run: Run, v: KernelVerdict): void {
    if (v.detail)
      this.hooks.output({
        runId: run.id,
        ts: Date.now(),
        stream: 'stderr',
        kind: 'log',
        text: `[proclab] ${v.detail.en}`,
        pid: run.rootPid,
      });
  }

  /** The run's memory as the kernel counts it where it can (cgroup), else PSS, else RSS summed. */
  private measureMemory(run: Run, rss: number, now: number): void {
    if (run.memorySource === 'rss') run.mem = rss;
    else if (run.memorySource === 'pss') {
      if (now - run.memReadAt < PSS_EVERY_MS) return;
      run.memReadAt = now;
      let sum = 0;
      for (const p of run.procs.values()) if (isAlive(p)) sum += this.source.pssBytes(p.pid) ?? p.rss;
      run.mem = sum;
    } else run.mem = run.cgroup?.memoryBytes() ?? rss;
  }

  // ---- acting ------------------------------------------------------------------------------

  /**
   * Ends a run: TERM, grace, KILL to all of it. `cause` says why in a typed form that reaches the
   * run record; `reason` is the same in words.
   */
  async stopRun(runId: string, reason?: string | I18nText, cause: StopCause = 'user-stop', limit?: number): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) throw new ProclabError('not-found', `no run ${runId}`);
    if (run.finished) return;
    if (run.stopping) return run.stopping;
    const why = reason !== undefined ? asText(reason) : say('why.user-stop');
    run.reason = why;
    const stop: RunOutcome = { cause };
    if (limit !== undefined) stop.limit = limit;
    run.stop = stop;
    // Who the timeline says sent the signals: ProcLab on a request or at shutdown, a limit otherwise.
    const by: ExitCause = cause === 'user-stop' || cause === 'interrupted' ? 'engine' : 'limit';
    this.hooks.stopping?.(runId);
    run.stopping = (async () => {
      await this.actions.killRun(run, by, why);
      await this.actions.waitFinished(run, 3000);
    })();
    return run.stopping;
  }

  signal(req: SignalRequest): Promise<SignalResult> {
    return this.actions.signal(req);
  }

  /** Ends processes a previous, killed instance left behind: its runs' cgroups, its journal, its env marker. */
  endLeftovers(): Promise<number> {
    return endLeftovers(this.journal, this.source, this.cgroups, this.selfPid, Math.min(this.graceMs, 1000));
  }

  async shutdown(): Promise<void> {
    await Promise.all(
      [...this.runs.values()].filter((r) => !r.finished).map((r) => this.stopRun(r.id, say('why.shutdown'), 'interrupted').catch(() => {})),
    );
    for (const r of this.runs.values()) {
      if (r.durationTimer) clearTimeout(r.durationTimer);
      r.deadline?.cancel();
    }
    await this.deadlines.stop();
    this.journal.clear();
  }

  // ---- views -------------------------------------------------------------------------------

  /** Rows of one run, or of every run (live and recently exited processes). */
  rows(runId?: string): ProcRow[] {
    const runs = runId === undefined ? [...this.runs.values()] : [this.runs.get(runId)].filter((r): r is Run => !!r);
    return runs.flatMap((r) => [...r.procs.values()].map(toRow));
  }

  liveRuns(): ReadonlyArray<Readonly<Run>> {
    return [...this.runs.values()].filter((r) => !r.finished);
  }

  hasLiveRun(): boolean {
    for (const r of this.runs.values()) if (!r.finished) return true;
    return false;
  }

  liveProcs(): IterableIterator<TrackedProc> {
    return this.tracker.procs();
  }

  isTrackedPid(pid: number): boolean {
    return this.tracker.has(pid);
  }

  /** True when (pid, startTime) is a live process of one of the runs. */
  owns(pid: number, startTime: number): boolean {
    return this.tracker.get(pid)?.startTime === startTime;
  }
}
