import type { PyChannel } from '../stacks/py-channel';
import { say } from '../../../shared/engine-texts';
import { shellJoin } from '../../../shared/argv';
import type { ExitInfo, I18nText, LifecycleEvent, LifecycleKind, ProcState, RunOutcome, RunOutput } from '../../../shared/model';
import { selfOutcome } from '../../../shared/outcome';
import { stateFromChar, type StatFields } from '../procfs';
import type { CpuTracker } from '../sampler/cpu-tracker';
import type { ProcSource } from '../sampler/source';
import { droppedMessage } from '../scenarios/protocol';
import type { LiveJournal } from './journal';
import { descendantExit, rootExit } from './exit-info';
import { isDetachedLeader } from './helpers';
import { isAlive, keyOf, type Run, type TrackedProc } from './run';

export interface SupervisorHooks {
  lifecycle(e: LifecycleEvent): void;
  output(o: RunOutput): void;
  /** `outcome` is the typed cause: ProcLab's stop (user, limit, timeout, shutdown) or the program's own exit/signal. */
  runExit(e: { runId: string; exit: ExitInfo; reason: I18nText | null; outcome: RunOutcome; endedAt: number }): void;
  /** A run's Python bootstrap has its stacks channel open (the engine listens for lock-order inversions). */
  channel?(runId: string, ch: PyChannel): void;
  /** ProcLab starts ending a run (stop, limit, timeout, shutdown): what its processes do next is its ending. */
  stopping?(runId: string): void;
}

// Only these transitions are worth a timeline entry: running <-> sleeping flips many times a second.
const stateClass = (s: ProcState): string => (s === 'running' || s === 'sleeping' || s === 'idle' ? 'active' : s);

/**
 * The state the tracker records for a read. A run's root read as Z has ended and waits only for
 * ProcLab's own waitpid (its exit comes from child_process): that moment is not the lesson's
 * zombie. So the root is never recorded as 'zombie' — it keeps its last state (`last`) until the
 * reap dates its exit — and everything fed from the tracker (its row's `usage.zombie`, the
 * state events, the run samples and so a finished run's story in the renderer) follows from this
 * one rule.
 */
const recordedState = (isRoot: boolean, stateChar: string, last: ProcState): ProcState => {
  const read = stateFromChar(stateChar);
  return isRoot && read === 'zombie' ? last : read;
};

/**
 * The bookkeeping half of the supervisor: which live processes belong to which run, what state
 * each is in, how each ended, and the journal of them. Apart from signalling because it is the
 * part every tick runs, and because the live set and the journal must change together.
 */
export class ProcTracker {
  /** Tracked processes not yet seen to exit (zombies included), by pid. */
  private readonly live = new Map<number, TrackedProc>();
  /** Pids known not to belong to any run, so a tick classifies each new pid once. */
  private readonly foreign = new Set<number>();
  /** The live set changed since the journal was last written. */
  private journalDirty = true;

  constructor(
    private readonly source: ProcSource,
    private readonly journal: LiveJournal,
    private readonly hooks: SupervisorHooks,
    /** Shared with the supervisor, which adds and prunes runs. */
    private readonly runs: ReadonlyMap<string, Run>,
    private readonly selfPid: number,
  ) {}

  get(pid: number): TrackedProc | undefined {
    return this.live.get(pid);
  }

  has(pid: number): boolean {
    return this.live.has(pid);
  }

  pids(): IterableIterator<number> {
    return this.live.keys();
  }

  procs(): IterableIterator<TrackedProc> {
    return this.live.values();
  }

  /** RSS in bytes as ps/top show it (statm on Linux; the source's own figure elsewhere). */
  private rssOf(st: StatFields): number {
    return (this.source.reader?.residentPages(st.pid) ?? st.rssPages) * this.source.rssUnit;
  }

  track(run: Run, st: StatFields, parent: TrackedProc | null): TrackedProc {
    const isRoot = parent === null && st.pid === run.rootPid;
    // A root first read already ended has no last state: 'dead', which the samples skip.
    const state = recordedState(isRoot, st.stateChar, 'dead');
    const p: TrackedProc = {
      pid: st.pid,
      startTime: st.startTime,
      runId: run.id,
      isRoot,
      ppid: st.ppid,
      parentKey: parent ? keyOf(parent) : null,
      pgrp: st.pgrp,
      name: st.comm,
      cmd: this.source.cmdline(st.pid) || st.comm,
      user: this.source.user(st.pid),
      state,
      orphan: false,
      daemon: false,
      declaredDaemon: false,
      exited: null,
      cpu: 0,
      rss: this.rssOf(st),
      threads: st.numThreads,
      startedAt: this.source.startedAtMs(st.startTime),
      utimeMs: (st.utime * 1000) / this.source.clkTck,
      stimeMs: (st.stime * 1000) / this.source.clkTck,
      ctxSwitches: undefined,
      cpuTicks: -1,
      lastSignal: null,
      zombieStatus: null,
      peakRss: 0,
      peakThreads: st.numThreads,
      sawZombie: state === 'zombie',
      lastEventAt: 0,
    };
    p.peakRss = p.rss;
    run.procs.set(keyOf(p), p);
    run.everSeen.add(keyOf(p));
    this.live.set(p.pid, p);
    this.journalDirty = true;
    this.foreign.delete(p.pid);
    this.emit(
      'spawned',
      p,
      isRoot ? say('ev.started', { argv: shellJoin(run.argv).slice(0, 290) }) : say('ev.started-by', { ppid: st.ppid }),
    );
    if (!isRoot && parent === null) {
      // Found through the run's session after its parent was already gone (double fork).
      p.orphan = true;
      this.emit('orphaned', p, say('ev.orphan-unseen-parent', { ppid: st.ppid }));
    }
    if (!isRoot && isDetachedLeader(st)) {
      p.daemon = true;
      this.emit('daemon', p, say('ev.daemon-detected'));
    }
    if (run.pendingDaemons.delete(p.pid)) this.markDeclaredDaemon(p);
    return p;
  }

  private markDeclaredDaemon(p: TrackedProc): void {
    if (p.declaredDaemon) return;
    p.declaredDaemon = p.daemon = true;
    this.emit('daemon', p, say('ev.daemon-declared'));
  }

  /** A program says pid N is its daemon: only honoured if N really descends from the run. */
  declareDaemon(run: Run, pid: number): void {
    const p = this.live.get(pid) ?? this.adoptByAncestry(run, pid);
    if (!p || p.runId !== run.id) {
      if (run.pendingDaemons.size < 64) run.pendingDaemons.add(pid);
      return;
    }
    this.markDeclaredDaemon(p);
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
        p.cmd = this.source.cmdline(p.pid) || p.cmd;
      }
      const ticks = st.utime + st.stime;
      p.cpu = cpu.update(String(p.pid), st.startTime, ticks, now);
      p.rss = this.rssOf(st);
      p.threads = st.numThreads;
      p.peakRss = Math.max(p.peakRss, p.rss);
      p.peakThreads = Math.max(p.peakThreads, p.threads);
      p.pgrp = st.pgrp;
      p.utimeMs = (st.utime * 1000) / this.source.clkTck;
      p.stimeMs = (st.stime * 1000) / this.source.clkTck;
      // Context switches cost an extra file read: only re-read when the process actually ran.
      if (ticks !== p.cpuTicks && st.stateChar !== 'Z') p.ctxSwitches = this.source.ctxSwitches(p.pid) ?? p.ctxSwitches;
      p.cpuTicks = ticks;
      const state = recordedState(p.isRoot, st.stateChar, p.state);
      if (state === 'zombie') p.sawZombie = true;
      if (state === 'zombie' && st.exitCode !== null) p.zombieStatus = st.exitCode;
      if (state !== p.state) {
        const from = p.state;
        p.state = state;
        if (stateClass(state) !== stateClass(from)) this.emit('state-changed', p, say('ev.state', { from, to: state }), { state, from });
      }
      if (!p.isRoot && st.ppid !== p.ppid) {
        p.ppid = st.ppid;
        if (!p.orphan) {
          p.orphan = true;
          this.emit('orphaned', p, say('ev.orphan', { ppid: st.ppid }));
        } else this.emit('orphaned', p, say('ev.orphan-again', { ppid: st.ppid }));
      }
      if (!p.daemon && !p.isRoot && isDetachedLeader(st)) {
        p.daemon = true;
        this.emit('daemon', p, say('ev.daemon-became'));
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
   * Tracks the members of a run's cgroup that are not tracked yet: whatever they did (setsid,
   * double fork, a new group), the kernel keeps them in the run's cgroup. Oldest first, so a
   * parent found here is tracked before its children and they link to it.
   */
  adoptMembers(run: Run, pids: number[]): void {
    const fresh: StatFields[] = [];
    for (const pid of pids) {
      if (this.live.has(pid) || pid === this.selfPid) continue;
      const st = this.source.probe(pid);
      if (st && st.stateChar !== 'Z' && st.stateChar !== 'X') fresh.push(st);
    }
    fresh.sort((a, b) => a.startTime - b.startTime);
    for (const st of fresh) {
      const parent = this.live.get(st.ppid);
      this.track(run, st, parent && parent.runId === run.id && parent.startTime <= st.startTime ? parent : null);
    }
  }

  /**
   * A zombie whose parent is one of the run's live processes is a real zombie (the lesson: the
   * parent does not wait). One whose parent is init or a subreaper is only waiting to be reaped
   * by someone outside the run: it has exited, so record it now with the status we read.
   */
  settleZombie(p: TrackedProc, now: number): void {
    if (p.state !== 'zombie' || p.zombieStatus === null) return;
    const parent = this.live.get(p.ppid);
    if (parent && parent.runId === p.runId && isAlive(parent)) return;
    this.descendantGone(p, now);
  }

  descendantGone(p: TrackedProc, now: number): void {
    const { exit, detail } = descendantExit(p.zombieStatus, p.lastSignal, this.endBound(p, now));
    this.markExited(p, exit, detail);
  }

  /**
   * When a vanished descendant ended, as well as we can tell. A tick notices it late; but if
   * its parent (still its parent at our last look, so not re-parented) exited in between, it
   * almost surely ended before the parent did (the parent reaped it, as join() does). Bounding
   * by the parent's exit keeps the timeline's order and the run's end true; the error left is
   * at most one sample interval either way.
   */
  private endBound(p: TrackedProc, now: number): number {
    const parent = p.parentKey ? this.runs.get(p.runId)?.procs.get(p.parentKey) : undefined;
    // 1 ms before it, so the parent's exit (usually recorded first) also sorts after its children's.
    if (parent?.exited && parent.pid === p.ppid && parent.exited.at < now) return parent.exited.at - 1;
    return now;
  }

  onRootExit(run: Run, code: number | null, signal: NodeJS.Signals | null): void {
    const root = run.procs.get(`${run.rootPid}:${run.rootStart}`);
    const { exit, detail } = rootExit(code, signal, root?.lastSignal ?? null, Date.now());
    run.rootExit = exit;
    if (root && !root.exited) this.markExited(root, exit, detail);
    this.writeJournal();
    this.checkFinished(run);
  }

  private markExited(p: TrackedProc, found: ExitInfo, detail: I18nText): void {
    // A tick dates an exit by its start but the events it emitted on the way (the zombie
    // transition just read) by the clock: without this the timeline said "exited" first.
    const exit = found.at < p.lastEventAt ? { ...found, at: p.lastEventAt } : found;
    p.exited = exit;
    if (this.live.get(p.pid) === p) {
      this.live.delete(p.pid);
      this.journalDirty = true;
    }
    // Dated when it ended as far as we know (see endBound), not when a tick noticed it.
    this.emit('exited', p, detail, { exit, ts: exit.at });
    const run = this.runs.get(p.runId);
    if (run) this.checkFinished(run);
  }

  /**
   * A run is over when its root has exited and no tracked descendant can still run — and, with
   * a cgroup, when the cgroup is empty: a process that escaped every tracking is still in there.
   */
  checkFinished(run: Run): void {
    if (run.finished || !run.rootExit) return;
    for (const p of run.procs.values()) if (isAlive(p)) return;
    if (run.cgroup?.populated()) return;
    run.settle();
    run.cgroup?.removeSoon();
    run.finished = true;
    run.finishedAtMs = Date.now();
    if (run.durationTimer) clearTimeout(run.durationTimer);
    const exit = run.rootExit;
    // The run ends with its last process, which is not always the root (an orphan outlives it).
    const endedAt = Math.max(exit.at, ...[...run.procs.values()].map((p) => p.exited?.at ?? 0));
    // Give the pipes a moment to drain so the last output lines precede run-exit.
    const drained = Promise.race([run.stdioClosed, new Promise<void>((r) => setTimeout(r, 300).unref())]);
    void drained.then(() => {
      this.flushDropped(run, Date.now(), true);
      this.hooks.runExit({ runId: run.id, exit, reason: run.reason, outcome: run.stop ?? selfOutcome(exit), endedAt });
      for (const f of run.onFinished.splice(0)) f();
    });
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

  writeJournal(): void {
    if (!this.journalDirty) return;
    this.journalDirty = false;
    try {
      this.journal.write([...this.live.values()].map((p) => ({ pid: p.pid, startTime: p.startTime, runId: p.runId })));
    } catch {
      /* a read-only state dir must not stop the engine; leftovers just cannot be found then */
    }
  }

  emit(kind: LifecycleKind, p: TrackedProc, text: I18nText, extra: Partial<LifecycleEvent> = {}): void {
    const ts = extra.ts ?? Date.now();
    p.lastEventAt = Math.max(p.lastEventAt, ts);
    this.hooks.lifecycle({
      kind,
      ts,
      pid: p.pid,
      startTime: p.startTime,
      runId: p.runId,
      name: p.name,
      ppid: p.ppid,
      state: p.state,
      detail: text.en,
      text,
      ...extra,
    });
  }

  emitForeign(st: StatFields, kind: LifecycleKind, text: I18nText): void {
    const { pid, startTime, comm: name, ppid } = st;
    this.hooks.lifecycle({ kind, ts: Date.now(), pid, startTime, runId: null, name, ppid, detail: text.en, text });
  }
}
