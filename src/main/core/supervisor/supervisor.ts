import { ProclabError } from '../../../shared/errors';
import { shellJoin } from '../../../shared/argv';
import type { SignalRequest } from './signals';
import { asText, say } from '../../../shared/engine-texts';
import type { ExitCause, I18nText, ProcIdentity, RunOutput, Scope } from '../../../shared/model';
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
import { DEFAULT_LIMITS, isAlive, type LaunchSpec, type Run, type RunLimits, type TrackedProc } from './run';
import { ProcTracker, type SupervisorHooks } from './tracker';

export type { SupervisorHooks } from './tracker';

/** Rows of exited processes stay visible this long so the UI can show how they ended. */
export const EXITED_KEEP_MS = 10_000;
const OUTPUT_LINES_PER_SEC = 200;

/**
 * Owns the runs: launches them, follows every descendant, classifies states, signals with
 * PID-reuse guards, enforces limits and keeps the leftover journal. It does no timing of its
 * own; the engine calls it once per tick. Tracking lives in ProcTracker and signalling in
 * RunActions so each can be read on its own; this class keeps the runs and the limits.
 */
export class Supervisor {
  readonly runs = new Map<string, Run>();
  graceMs = 2000;
  private readonly tracker: ProcTracker;
  private readonly actions: RunActions;

  constructor(
    private readonly source: ProcSource,
    private readonly journal: LiveJournal,
    private readonly hooks: SupervisorHooks,
    private readonly selfPid: number,
  ) {
    this.tracker = new ProcTracker(source, journal, hooks, this.runs, selfPid);
    this.actions = new RunActions(source, this.tracker, this.runs, selfPid, () => this.graceMs);
  }

  // ---- launching ---------------------------------------------------------------------------

  async launch(spec: LaunchSpec): Promise<ProcIdentity> {
    const existing = this.runs.get(spec.runId);
    if (existing && !existing.finished) throw new ProclabError('conflict', `run ${spec.runId} is already running`);
    const limits: RunLimits = { ...DEFAULT_LIMITS };
    for (const k of Object.keys(limits) as Array<keyof RunLimits>) {
      const v = spec.limits?.[k];
      if (typeof v === 'number' && v > 0) limits[k] = v;
    }
    let run: Run | null = null;
    const early: Array<['stdout' | 'stderr', string]> = [];
    const child = await spawnDetached(spec.argv, spec.cwd, spec.env, (stream, line) =>
      run ? this.onLine(run, stream, line) : early.push([stream, line]),
    );
    const pid = child.pid as number;
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
      finished: false,
      finishedAtMs: 0,
      stopping: null,
      stdioClosed,
      limiter: new LineRateLimiter(OUTPUT_LINES_PER_SEC),
      durationTimer: null,
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
      () => void this.stopRun(r.id, say('why.limit-duration', { limit: fmtMs(limits.maxDurationMs) }), 'limit'),
      limits.maxDurationMs,
    );
    r.durationTimer.unref();
    this.tracker.writeJournal();
    for (const [s, l] of early) this.onLine(r, s, l);
    return { pid, startTime: root.startTime };
  }

  private onLine(run: Run, stream: 'stdout' | 'stderr', line: string): void {
    const now = Date.now();
    this.tracker.flushDropped(run, now, false);
    if (!run.limiter.admit(now)) return;
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
      if (run.stopping) continue;
      if (count > run.limits.maxProcs) void this.stopRun(run.id, say('why.limit-procs', { limit: run.limits.maxProcs }), 'limit');
      else if (rss > run.limits.maxRssBytes)
        void this.stopRun(run.id, say('why.limit-rss', { limit: fmtBytes(run.limits.maxRssBytes) }), 'limit');
    }
    this.tracker.writeJournal();
  }

  writeJournal(): void {
    this.tracker.writeJournal();
  }

  // ---- acting ------------------------------------------------------------------------------

  async stopRun(runId: string, reason?: string | I18nText, by: ExitCause = 'engine'): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) throw new ProclabError('not-found', `no run ${runId}`);
    if (run.finished) return;
    if (run.stopping) return run.stopping;
    const why = reason !== undefined ? asText(reason) : say('why.stopped');
    run.reason = why;
    run.stopping = (async () => {
      await this.actions.killRun(run, by, why);
      await this.actions.waitFinished(run, 3000);
    })();
    return run.stopping;
  }

  signal(req: SignalRequest, scope: Scope): Promise<SignalResult> {
    return this.actions.signal(req, scope);
  }

  /** Ends processes a previous, killed instance left behind (journal entries whose identity still matches). */
  endLeftovers(): Promise<number> {
    return endLeftovers(this.journal, this.source, this.selfPid, Math.min(this.graceMs, 1000));
  }

  async shutdown(): Promise<void> {
    await Promise.all(
      [...this.runs.values()].filter((r) => !r.finished).map((r) => this.stopRun(r.id, say('why.shutdown'), 'engine').catch(() => {})),
    );
    for (const r of this.runs.values()) if (r.durationTimer) clearTimeout(r.durationTimer);
    this.journal.clear();
  }

  // ---- views -------------------------------------------------------------------------------

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
}
