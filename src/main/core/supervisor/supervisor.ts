import { ProclabError } from '../../../shared/errors';
import type { SignalAction } from '../../../shared/commands';
import type { ExitCause, ExitInfo, LifecycleEvent, LifecycleKind, ProcIdentity, ProcState, RunOutput, Scope } from '../../../shared/model';
import type { SignalResult } from '../../../shared/results';
import { readCmdline, readCtxSwitches, readUid, stateFromChar, userName, type StatFields } from '../procfs';
import type { CpuTracker } from '../sampler/cpu-tracker';
import type { ProcSource } from '../sampler/source';
import { droppedMessage, LineRateLimiter, parseProtocolLine } from '../scenarios/protocol';
import type { LiveJournal } from './journal';
import { descendantExit, rootExit } from './exit-info';
import { killTree } from './kill-tree';
import { aliveAs, endLeftovers } from './leftovers';
import { spawnDetached } from './launcher';
import { checkIdentity, checkSignalPolicy } from './policy';
import { subtreeOf } from './subtree';
import { DEFAULT_LIMITS, isAlive, keyOf, type LaunchSpec, type Run, type RunLimits, type TrackedProc } from './run';
import { ACTION_SIGNAL, TERMINATING, trySignal } from './signals';

export interface SupervisorHooks {
  lifecycle(e: LifecycleEvent): void;
  output(o: RunOutput): void;
  runExit(e: { runId: string; exit: ExitInfo; reason: string | null }): void;
}

/** Rows of exited processes stay visible this long so the UI can show how they ended. */
export const EXITED_KEEP_MS = 10_000;
const OUTPUT_LINES_PER_SEC = 200;

// Only these transitions are worth a timeline entry: running <-> sleeping flips many times a second.
const stateClass = (s: ProcState): string => (s === 'running' || s === 'sleeping' || s === 'idle' ? 'active' : s);

/**
 * Owns the runs: launches them, follows every descendant, classifies states, signals with
 * PID-reuse guards, enforces limits and keeps the leftover journal. It does no timing of its
 * own; the engine calls it once per tick.
 */
export class Supervisor {
  readonly runs = new Map<string, Run>();
  /** Tracked processes not yet seen to exit (zombies included), by pid. */
  private live = new Map<number, TrackedProc>();
  /** Pids known not to belong to any run, so a tick classifies each new pid once. */
  private foreign = new Set<number>();
  /** The live set changed since the journal was last written. */
  private journalDirty = true;
  graceMs = 2000;

  constructor(
    private readonly source: ProcSource,
    private readonly journal: LiveJournal,
    private readonly hooks: SupervisorHooks,
    private readonly selfPid: number,
  ) {}

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
      await this.source.refresh([...this.live.keys(), pid]);
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
    const root = this.track(run, st ?? fallbackStat(pid, process.pid), null);
    root.cmd = spec.argv.join(' ');
    if (spec.daemon) {
      root.daemon = root.declaredDaemon = true;
      this.emit('daemon', root, 'declared daemon (--daemon)');
    }
    const r = run;
    child.on('exit', (code, signal) => this.onRootExit(r, code, signal));
    r.durationTimer = setTimeout(
      () => void this.stopRun(r.id, `limit: ran longer than ${fmtMs(limits.maxDurationMs)} (maxDurationMs)`, 'limit'),
      limits.maxDurationMs,
    );
    r.durationTimer.unref();
    this.writeJournal();
    for (const [s, l] of early) this.onLine(r, s, l);
    return { pid, startTime: root.startTime };
  }

  private onLine(run: Run, stream: 'stdout' | 'stderr', line: string): void {
    const now = Date.now();
    this.flushDropped(run, now, false);
    if (!run.limiter.admit(now)) return;
    const base = { runId: run.id, ts: now, stream, pid: run.rootPid };
    if (stream === 'stderr') return this.hooks.output({ ...base, kind: 'log', text: line });
    const parsed = parseProtocolLine(line);
    if (parsed.type === 'daemon') return this.declareDaemon(run, parsed.pid);
    const out: RunOutput = { ...base, kind: parsed.kind };
    if (parsed.text !== undefined) out.text = parsed.text;
    if (parsed.data !== undefined) out.data = parsed.data;
    this.hooks.output(out);
  }

  flushDropped(run: Run, now: number, force: boolean): void {
    const n = run.limiter.takeDropped(now, force);
    if (n)
      this.hooks.output({
        runId: run.id,
        ts: now,
        stream: 'stdout',
        kind: 'log',
        text: droppedMessage(n, run.limiter.maxPerSec),
        pid: run.rootPid,
      });
  }

  /** A program says pid N is its daemon: only honoured if N really descends from the run. */
  private declareDaemon(run: Run, pid: number): void {
    const p = this.live.get(pid) ?? this.adoptByAncestry(run, pid);
    if (!p || p.runId !== run.id) {
      if (run.pendingDaemons.size < 64) run.pendingDaemons.add(pid);
      return;
    }
    this.markDeclaredDaemon(p);
  }

  private markDeclaredDaemon(p: TrackedProc): void {
    if (p.declaredDaemon) return;
    p.declaredDaemon = p.daemon = true;
    this.emit('daemon', p, 'declared daemon: ends when its parent ends');
  }

  /** Walks ppid links up from pid (fresh reads) until a live tracked process of the run; tracks the chain. */
  private adoptByAncestry(run: Run, pid: number): TrackedProc | null {
    const chain: StatFields[] = [];
    let cur = this.source.probe(pid);
    for (let depth = 0; cur && depth < 32; depth++) {
      const parent = this.live.get(cur.ppid);
      chain.push(cur);
      if (parent) {
        if (parent.runId !== run.id) return null;
        let last: TrackedProc = parent;
        for (const s of chain.reverse()) last = this.track(run, s, last);
        return last;
      }
      if (cur.ppid <= 1) return null;
      cur = this.source.probe(cur.ppid);
    }
    return null;
  }

  // ---- tracking ----------------------------------------------------------------------------

  private track(run: Run, st: StatFields, parent: TrackedProc | null): TrackedProc {
    const isRoot = parent === null && st.pid === run.rootPid;
    const p: TrackedProc = {
      pid: st.pid,
      startTime: st.startTime,
      runId: run.id,
      isRoot,
      ppid: st.ppid,
      parentKey: parent ? keyOf(parent) : null,
      pgrp: st.pgrp,
      name: st.comm,
      cmd: (this.source.kind === 'procfs' ? readCmdline(st.pid) : '') || st.comm,
      user: this.source.kind === 'procfs' ? userName(readUid(st.pid)) : null,
      state: stateFromChar(st.stateChar),
      orphan: false,
      daemon: false,
      declaredDaemon: false,
      exited: null,
      cpu: 0,
      rss: st.rssPages * this.source.rssUnit,
      threads: st.numThreads,
      startedAt: this.source.startedAtMs(st.startTime),
      utimeMs: (st.utime * 1000) / this.source.clkTck,
      stimeMs: (st.stime * 1000) / this.source.clkTck,
      ctxSwitches: undefined,
      cpuTicks: -1,
      lastSignal: null,
      zombieStatus: null,
    };
    run.procs.set(keyOf(p), p);
    run.everSeen.add(keyOf(p));
    this.live.set(p.pid, p);
    this.journalDirty = true;
    this.foreign.delete(p.pid);
    this.emit('spawned', p, isRoot ? `started: ${run.argv.join(' ')}`.slice(0, 300) : `started by ${st.ppid}`);
    if (!isRoot && parent === null) {
      // Found through the run's session after its parent was already gone (double fork).
      p.orphan = true;
      this.emit('orphaned', p, `re-parented to ${st.ppid} (its parent exited before ProcLab saw it)`);
    }
    if (!isRoot && isDetachedLeader(st)) {
      p.daemon = true;
      this.emit('daemon', p, 'detected daemon: session leader without a controlling terminal');
    }
    if (run.pendingDaemons.delete(p.pid)) this.markDeclaredDaemon(p);
    return p;
  }

  /**
   * Once per tick: fresh facts for every live tracked process (kept descriptors). Returns the
   * stats read, for the sampler's thread pass. Detects exits, state changes, orphans, daemons.
   */
  updateTracked(now: number, cpu: CpuTracker): Map<number, StatFields> {
    const stats = new Map<number, StatFields>();
    for (const p of [...this.live.values()]) {
      const st = this.source.read(p.pid);
      if (!st || st.startTime !== p.startTime) {
        // The root is our child: its exit (with code/signal) comes from child_process, not from here.
        if (!p.isRoot) this.descendantGone(p, now);
        continue;
      }
      stats.set(p.pid, st);
      if (st.comm !== p.name) {
        // It exec'd (e.g. a pyenv shim became python): the name and command line changed with it.
        p.name = st.comm;
        if (this.source.kind === 'procfs') p.cmd = readCmdline(p.pid) || p.cmd;
      }
      const ticks = st.utime + st.stime;
      p.cpu = cpu.update(String(p.pid), st.startTime, ticks, now);
      p.rss = st.rssPages * this.source.rssUnit;
      p.threads = st.numThreads;
      p.pgrp = st.pgrp;
      p.utimeMs = (st.utime * 1000) / this.source.clkTck;
      p.stimeMs = (st.stime * 1000) / this.source.clkTck;
      // Context switches cost an extra file read: only re-read when the process actually ran.
      if (this.source.kind === 'procfs' && ticks !== p.cpuTicks && st.stateChar !== 'Z')
        p.ctxSwitches = readCtxSwitches(p.pid) ?? p.ctxSwitches;
      p.cpuTicks = ticks;
      const state = stateFromChar(st.stateChar);
      if (state === 'zombie' && st.exitCode !== null) p.zombieStatus = st.exitCode;
      if (state !== p.state) {
        const from = p.state;
        p.state = state;
        if (stateClass(state) !== stateClass(from) && !(p.isRoot && state === 'zombie'))
          this.emit('state-changed', p, `${from} → ${state}`, { state, from });
      }
      if (!p.isRoot && st.ppid !== p.ppid) {
        p.ppid = st.ppid;
        if (!p.orphan) {
          p.orphan = true;
          this.emit('orphaned', p, `re-parented to ${st.ppid} after its parent exited`);
        } else this.emit('orphaned', p, `re-parented again, now to ${st.ppid}`);
      }
      if (!p.daemon && !p.isRoot && isDetachedLeader(st)) {
        p.daemon = true;
        this.emit('daemon', p, 'detected daemon: became a session leader without a controlling terminal');
      }
      this.settleZombie(p, now);
    }
    return stats;
  }

  /**
   * Finds new descendants among pids not seen before: a pid joins a run when its parent is a live
   * tracked process, or when it is in a run's session (caught after a double fork re-parented it).
   * statOf reads a pid's stat (kept descriptor in system scope, one-off read otherwise).
   */
  discover(pids: number[], statOf: (pid: number) => StatFields | null): void {
    const present = new Set(pids);
    for (const f of this.foreign) if (!present.has(f)) this.foreign.delete(f);
    const fresh: StatFields[] = [];
    for (const pid of pids) {
      if (this.live.has(pid) || this.foreign.has(pid) || pid === this.selfPid) continue;
      const st = statOf(pid);
      if (st) fresh.push(st);
    }
    if (!fresh.length) return;
    const sessions = new Map<number, Run>();
    for (const r of this.runs.values()) if (!r.finished) sessions.set(r.rootPid, r);
    let pending = fresh;
    // Parents may be new too: repeat until no more pids join (the order of /proc is not tree order).
    for (let changed = true; changed && pending.length;) {
      changed = false;
      const rest: StatFields[] = [];
      for (const st of pending) {
        const parent = this.live.get(st.ppid);
        const viaParent = parent && parent.startTime <= st.startTime ? this.runs.get(parent.runId) : undefined;
        const run = viaParent ?? (st.session > 0 ? sessions.get(st.session) : undefined);
        if (run && !run.finished) {
          this.track(run, st, viaParent ? (parent ?? null) : null);
          changed = true;
        } else rest.push(st);
      }
      pending = rest;
    }
    for (const st of pending) this.foreign.add(st.pid);
  }

  /**
   * A zombie whose parent is one of the run's live processes is a real zombie (the lesson: the
   * parent does not wait). One whose parent is init or a subreaper is only waiting to be reaped
   * by someone outside the run: it has exited, so record it now with the status we read.
   */
  private settleZombie(p: TrackedProc, now: number): void {
    if (p.isRoot || p.state !== 'zombie' || p.zombieStatus === null) return;
    const parent = this.live.get(p.ppid);
    if (parent && parent.runId === p.runId && isAlive(parent)) return;
    this.descendantGone(p, now);
  }

  private descendantGone(p: TrackedProc, now: number): void {
    const { exit, detail } = descendantExit(p.zombieStatus, p.lastSignal, now);
    this.markExited(p, exit, detail);
  }

  private onRootExit(run: Run, code: number | null, signal: NodeJS.Signals | null): void {
    const root = run.procs.get(`${run.rootPid}:${run.rootStart}`);
    const { exit, detail } = rootExit(code, signal, root?.lastSignal ?? null, Date.now());
    run.rootExit = exit;
    if (root && !root.exited) this.markExited(root, exit, detail);
    this.writeJournal();
    this.checkFinished(run);
  }

  private markExited(p: TrackedProc, exit: ExitInfo, detail: string): void {
    p.exited = exit;
    if (this.live.get(p.pid) === p) {
      this.live.delete(p.pid);
      this.journalDirty = true;
    }
    this.emit('exited', p, detail, { exit });
    const run = this.runs.get(p.runId);
    if (run) this.checkFinished(run);
  }

  /** A run is over when its root has exited and no tracked descendant can still run. */
  private checkFinished(run: Run): void {
    if (run.finished || !run.rootExit) return;
    for (const p of run.procs.values()) if (isAlive(p)) return;
    run.finished = true;
    run.finishedAtMs = Date.now();
    if (run.durationTimer) clearTimeout(run.durationTimer);
    const exit = run.rootExit;
    // Give the pipes a moment to drain so the last output lines precede run-exit.
    const drained = Promise.race([run.stdioClosed, new Promise<void>((r) => setTimeout(r, 300).unref())]);
    void drained.then(() => {
      this.flushDropped(run, Date.now(), true);
      this.hooks.runExit({ runId: run.id, exit, reason: run.reason });
      for (const f of run.onFinished.splice(0)) f();
    });
  }

  /** Per tick: limits, declared daemons whose parent ended, pruning old rows, the journal. */
  enforce(now: number): void {
    for (const run of this.runs.values()) {
      this.flushDropped(run, now, false);
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
          if (!parent || !isAlive(parent)) void this.endDaemon(run, p);
        }
      }
      if (run.stopping) continue;
      if (count > run.limits.maxProcs) void this.stopRun(run.id, `limit: more than ${run.limits.maxProcs} processes (maxProcs)`, 'limit');
      else if (rss > run.limits.maxRssBytes)
        void this.stopRun(run.id, `limit: memory above ${fmtBytes(run.limits.maxRssBytes)} RSS (maxRssBytes)`, 'limit');
    }
    this.writeJournal();
  }

  private ending = new Set<string>();
  private async endDaemon(run: Run, p: TrackedProc): Promise<void> {
    const k = keyOf(p);
    if (this.ending.has(k)) return;
    this.ending.add(k);
    await killTree({
      members: () => (this.isReallyAlive(p) ? [p] : []),
      send: (m, sig) => this.sendTracked(p, sig, 'engine', 'declared daemon ended with its parent'),
      sendGroup: () => false,
      graceMs: this.graceMs,
    });
    this.refreshRun(run);
    this.ending.delete(k);
  }

  writeJournal(): void {
    if (!this.journalDirty) return;
    this.journalDirty = false;
    try {
      this.journal.write([...this.live.values()].map((p) => ({ pid: p.pid, startTime: p.startTime, runId: p.runId })));
    } catch {
      /* a read-only state dir must not stop the engine; leftovers just cannot be found then */
    }
  }

  // ---- acting ------------------------------------------------------------------------------

  private isReallyAlive(p: { pid: number; startTime: number }): boolean {
    return aliveAs(this.source, p);
  }

  /** Re-checks identity, signals, remembers the signal for the exit record, tells the timeline. */
  private sendTracked(p: TrackedProc, sig: NodeJS.Signals, by: ExitCause, why: string): boolean {
    if (!this.isReallyAlive(p)) return false;
    if (TERMINATING.has(sig)) p.lastSignal = { signal: sig, by };
    if (!trySignal(p.pid, sig)) return false;
    this.emit('signal-sent', p, `${sig} sent by ${by === 'user' ? 'the user' : 'ProcLab'}: ${why}`);
    return true;
  }

  /** Fresh reads for a run's processes right after acting, so exits show without waiting a tick. */
  private refreshRun(run: Run): void {
    const now = Date.now();
    for (const p of [...run.procs.values()]) {
      if (p.exited || p.isRoot) continue;
      const st = this.source.probe(p.pid);
      if (!st || st.startTime !== p.startTime) this.descendantGone(p, now);
      else if (st.stateChar === 'Z') {
        if (st.exitCode !== null) p.zombieStatus = st.exitCode;
        if (p.state !== 'zombie') {
          const from = p.state;
          p.state = 'zombie';
          this.emit('state-changed', p, `${from} → zombie`, { state: 'zombie', from });
        }
        if (st.ppid !== p.ppid) p.ppid = st.ppid;
        this.settleZombie(p, now);
      }
    }
    this.checkFinished(run);
  }

  private async killRun(run: Run, by: ExitCause, why: string): Promise<number> {
    // Catch processes forked since the last tick before deciding who the members are.
    if (this.source.kind === 'procfs') this.discover(this.source.listPids(), (pid) => this.source.probe(pid));
    const members = (): TrackedProc[] => [...run.procs.values()].filter((p) => !p.exited && this.isReallyAlive(p));
    // Members already reached by this round's group signal: not signalled (nor logged) twice.
    let covered = new Set<string>();
    const n = await killTree({
      members,
      send: (m, sig) => covered.has(keyOf(m)) || this.sendTracked(m as TrackedProc, sig, by, why),
      sendGroup: (sig) => {
        covered = new Set();
        // Only while some live member still carries the group id: then the group is still ours.
        const inGroup = members().filter((p) => this.source.probe(p.pid)?.pgrp === run.rootPid);
        if (!inGroup.length || !trySignal(-run.rootPid, sig)) return false;
        for (const p of inGroup) {
          if (TERMINATING.has(sig)) p.lastSignal = { signal: sig, by };
          covered.add(keyOf(p));
          this.emit('signal-sent', p, `${sig} sent to process group ${run.rootPid} by ${by === 'user' ? 'the user' : 'ProcLab'}: ${why}`);
        }
        return true;
      },
      graceMs: this.graceMs,
    });
    this.refreshRun(run);
    return n;
  }

  async stopRun(runId: string, reason?: string, by: ExitCause = 'engine'): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) throw new ProclabError('not-found', `no run ${runId}`);
    if (run.finished) return;
    if (run.stopping) return run.stopping;
    run.reason = reason ?? 'stopped on request';
    run.stopping = (async () => {
      await this.killRun(run, by, run.reason ?? 'stop');
      await this.waitFinished(run, 3000);
    })();
    return run.stopping;
  }

  private waitFinished(run: Run, timeoutMs: number): Promise<void> {
    if (run.finished) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      t.unref();
      run.onFinished.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** The run a live pid belongs to (identity-checked), or undefined. */
  private owner(pid: number, startTime: number): TrackedProc | undefined {
    const p = this.live.get(pid);
    return p && p.startTime === startTime ? p : undefined;
  }

  private ancestorsOfSelf(): Set<number> {
    const out = new Set<number>();
    let pid = this.selfPid;
    for (let i = 0; i < 64; i++) {
      const ppid = pid === process.pid ? process.ppid : this.source.probe(pid)?.ppid;
      if (!ppid || ppid <= 0 || out.has(ppid)) break;
      out.add(ppid);
      pid = ppid;
    }
    return out;
  }

  async signal(req: { pid: number; startTime?: number; action: SignalAction; confirm?: boolean }, scope: Scope): Promise<SignalResult> {
    const { pid, action } = req;
    const ancestors = this.ancestorsOfSelf();
    // Hard refusals first (init, ourselves, our ancestors), whatever else is true.
    const hard = checkSignalPolicy({ pid, selfPid: this.selfPid, ancestors, owned: true, scope });
    if (!hard.ok) throw new ProclabError(hard.code, hard.message);
    const cur = this.source.probe(pid);
    const alive = cur && cur.stateChar !== 'X' ? cur : null;
    if (!alive && req.startTime === undefined && !this.wasSeen(pid))
      throw new ProclabError('not-found', `There is no process with PID ${pid}.`);
    const idErr = checkIdentity(pid, req.startTime, alive ? alive.startTime : null);
    if (idErr && !idErr.ok) throw new ProclabError(idErr.code, idErr.message);
    const st = alive as StatFields;
    const mine = this.owner(pid, st.startTime);
    const policy = checkSignalPolicy({ pid, selfPid: this.selfPid, ancestors, owned: !!mine, scope, confirm: req.confirm });
    if (!policy.ok) throw new ProclabError(policy.code, policy.message);
    if (st.stateChar === 'Z')
      throw new ProclabError('refused', `Process ${pid} has already exited (zombie); only its parent can remove it.`);

    if (action === 'kill-tree') return this.killTreeOf(pid, st, mine);
    const sig = ACTION_SIGNAL[action];
    let ok: boolean;
    if (mine) ok = this.sendTracked(mine, sig, 'user', `${action} requested`);
    else {
      ok = trySignal(pid, sig);
      if (ok) this.emitForeign(st, 'signal-sent', `${sig} sent by the user (${action})`);
    }
    if (!ok) throw new ProclabError('refused', `Could not send ${sig} to ${pid}: it exited or is not ProcLab's to signal.`);
    return { pid, action, message: `sent ${sig} to ${pid}`, signalled: 1 };
  }

  private wasSeen(pid: number): boolean {
    for (const r of this.runs.values()) for (const k of r.everSeen) if (k.startsWith(`${pid}:`)) return true;
    return false;
  }

  private async killTreeOf(pid: number, st: StatFields, mine: TrackedProc | undefined): Promise<SignalResult> {
    const run = mine ? this.runs.get(mine.runId) : undefined;
    if (run && mine?.isRoot) {
      run.reason ??= 'tree killed by the user';
      const n = await this.killRun(run, 'user', 'kill tree requested');
      await this.waitFinished(run, 3000);
      return { pid, action: 'kill-tree', message: `killed tree of ${n} process${n === 1 ? '' : 'es'}`, signalled: n };
    }
    // A subtree: the process plus everything below it now (fresh scan) or remembered below it.
    const table = this.source.kind === 'procfs' ? this.source.listPids().map((p) => this.source.probe(p)) : [];
    const below = subtreeOf(
      { pid, startTime: st.startTime },
      table.filter((s): s is StatFields => !!s),
      run ? run.procs.values() : [],
    );
    const members = (): Array<{ pid: number; startTime: number }> => [...below.values()].filter((m) => this.isReallyAlive(m));
    const n = await killTree({
      members,
      send: (m, sig) => {
        const t = this.owner(m.pid, m.startTime);
        if (t) return this.sendTracked(t, sig, 'user', 'kill tree requested');
        return this.isReallyAlive(m) && trySignal(m.pid, sig);
      },
      sendGroup: () => false,
      graceMs: this.graceMs,
    });
    if (run) this.refreshRun(run);
    return { pid, action: 'kill-tree', message: `killed tree of ${n} process${n === 1 ? '' : 'es'}`, signalled: n };
  }

  /** Ends processes a previous, killed instance left behind (journal entries whose identity still matches). */
  endLeftovers(): Promise<number> {
    return endLeftovers(this.journal, this.source, this.selfPid, Math.min(this.graceMs, 1000));
  }

  async shutdown(): Promise<void> {
    await Promise.all(
      [...this.runs.values()].filter((r) => !r.finished).map((r) => this.stopRun(r.id, 'app shutdown', 'engine').catch(() => {})),
    );
    for (const r of this.runs.values()) if (r.durationTimer) clearTimeout(r.durationTimer);
    this.journal.clear();
  }

  // ---- views -------------------------------------------------------------------------------

  liveProcs(): IterableIterator<TrackedProc> {
    return this.live.values();
  }

  isTrackedPid(pid: number): boolean {
    return this.live.has(pid);
  }

  private emit(kind: LifecycleKind, p: TrackedProc, detail: string, extra: Partial<LifecycleEvent> = {}): void {
    this.hooks.lifecycle({
      kind,
      ts: Date.now(),
      pid: p.pid,
      startTime: p.startTime,
      runId: p.runId,
      name: p.name,
      ppid: p.ppid,
      state: p.state,
      detail,
      ...extra,
    });
  }

  private emitForeign(st: StatFields, kind: LifecycleKind, detail: string): void {
    this.hooks.lifecycle({ kind, ts: Date.now(), pid: st.pid, startTime: st.startTime, runId: null, name: st.comm, ppid: st.ppid, detail });
  }
}

/** Session leader with no controlling terminal: what a daemon looks like after setsid(). */
const isDetachedLeader = (st: StatFields): boolean => st.session === st.pid && st.ttyNr === 0;

function fallbackStat(pid: number, ppid: number): StatFields {
  return {
    pid,
    comm: '?',
    stateChar: '?',
    ppid,
    pgrp: pid,
    session: pid,
    ttyNr: 0,
    utime: 0,
    stime: 0,
    numThreads: 1,
    startTime: 0,
    rssPages: 0,
    processor: -1,
    exitCode: null,
  };
}

const fmtMs = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`);
const fmtBytes = (b: number): string =>
  b >= 1024 ** 3 ? `${Math.round((b / 1024 ** 3) * 10) / 10} GiB` : `${Math.round(b / 1024 ** 2)} MiB`;
