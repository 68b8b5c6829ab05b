import { setTimeout as sleep } from 'node:timers/promises';
import { ProclabError } from '../../../shared/errors';
import { ACTION_TEXT, BY_TEXT, say } from '../../../shared/engine-texts';
import type { ExitCause, I18nText } from '../../../shared/model';
import type { SignalResult } from '../../../shared/results';
import type { StatFields } from '../procfs';
import type { ProcSource } from '../sampler/source';
import { killTree } from './kill-tree';
import { aliveAs } from './leftovers';
import { isProclabHost } from './instances';
import { checkActionPolicy, checkSignalPolicy } from './policy';
import { ancestorsOf, identify } from './targets';
import { subtreeOf } from './subtree';
import { keyOf, type Run, type TrackedProc } from './run';
import { TERMINATING, signalOf, trySignal, type SignalRequest } from './signals';
import type { ProcTracker } from './tracker';
import type { RunCgroup } from './cgroup';

/**
 * Signals processes: re-checks identity before every signal (PIDs get reused), applies the
 * signal policy, kills whole trees and records who sent what so exits can be explained.
 * Which pids are live and how they ended stays with the tracker, so an exit seen right after
 * a kill goes through the same path as one seen on a tick.
 */
export class RunActions {
  /** Keys of declared daemons being ended: enforce() runs every tick, the kill can take the whole grace period. */
  private readonly ending = new Set<string>();

  constructor(
    private readonly source: ProcSource,
    private readonly tracker: ProcTracker,
    /** Shared with the supervisor; read only here. */
    private readonly runs: ReadonlyMap<string, Run>,
    private readonly selfPid: number,
    /** A getter because the engine may change the grace period after construction. */
    private readonly graceMs: () => number,
  ) {}

  async endDaemon(run: Run, p: TrackedProc): Promise<void> {
    const k = keyOf(p);
    if (this.ending.has(k)) return;
    this.ending.add(k);
    await killTree({
      members: () => (this.isReallyAlive(p) ? [p] : []),
      send: (m, sig) => this.sendTracked(p, sig, 'engine', say('why.daemon-parent')),
      sendGroup: () => false,
      graceMs: this.graceMs(),
    });
    this.refreshRun(run);
    this.ending.delete(k);
  }

  private isReallyAlive(p: { pid: number; startTime: number }): boolean {
    return aliveAs(this.source, p);
  }

  /** Re-checks identity, signals, remembers the signal for the exit record, tells the timeline. */
  private sendTracked(p: TrackedProc, sig: NodeJS.Signals, by: ExitCause, why: I18nText): boolean {
    if (!this.isReallyAlive(p)) return false;
    if (TERMINATING.has(sig)) p.lastSignal = { signal: sig, by };
    if (!trySignal(p.pid, sig)) return false;
    this.tracker.emit('signal-sent', p, say('ev.signal', { signal: sig, by: BY_TEXT[by], why }));
    return true;
  }

  /** Fresh reads for a run's processes right after acting, so exits show without waiting a tick. */
  private refreshRun(run: Run): void {
    const now = Date.now();
    for (const p of [...run.procs.values()]) {
      if (p.exited || p.isRoot) continue;
      const st = this.source.probe(p.pid);
      if (!st || st.startTime !== p.startTime) this.tracker.descendantGone(p, now);
      else if (st.stateChar === 'Z') {
        if (st.exitCode !== null) p.zombieStatus = st.exitCode;
        if (p.state !== 'zombie') {
          const from = p.state;
          p.state = 'zombie';
          this.tracker.emit('state-changed', p, say('ev.state', { from, to: 'zombie' }), { state: 'zombie', from });
        }
        if (st.ppid !== p.ppid) p.ppid = st.ppid;
        this.tracker.settleZombie(p, now);
      }
    }
    this.tracker.checkFinished(run);
  }

  async killRun(run: Run, by: ExitCause, why: I18nText): Promise<number> {
    // Catch processes forked since the last tick before deciding who the members are.
    if (this.source.live) this.tracker.discover(this.source.listPids(), (pid) => this.source.probe(pid));
    const cg = run.cgroup;
    const members = (): TrackedProc[] => {
      // The cgroup knows every process of the run, including those that left the tree since.
      if (cg && !run.finished) this.tracker.adoptMembers(run, cg.pids());
      return [...run.procs.values()].filter((p) => !p.exited && this.isReallyAlive(p));
    };
    // Members already reached by this round's group signal: not signalled (nor logged) twice.
    let covered = new Set<string>();
    const n = await killTree({
      members,
      send: (m, sig) => covered.has(keyOf(m)) || this.sendTracked(m as TrackedProc, sig, by, why),
      sendGroup: (sig) => {
        covered = new Set();
        if (cg && sig === 'SIGKILL') {
          // One write ends everything in the cgroup at once, forks in flight included.
          const inside = members();
          if (!cg.kill()) return false;
          for (const p of inside) {
            p.lastSignal = { signal: sig, by };
            covered.add(keyOf(p));
            this.tracker.emit('signal-sent', p, say('ev.signal-cgroup', { signal: sig, by: BY_TEXT[by], why }));
          }
          return true;
        }
        // Only while some live member still carries the group id: then the group is still ours.
        const inGroup = members().filter((p) => this.source.probe(p.pid)?.pgrp === run.rootPid);
        if (!inGroup.length || !trySignal(-run.rootPid, sig)) return false;
        for (const p of inGroup) {
          if (TERMINATING.has(sig)) p.lastSignal = { signal: sig, by };
          covered.add(keyOf(p));
          this.tracker.emit('signal-sent', p, say('ev.signal-group', { signal: sig, pgid: run.rootPid, by: BY_TEXT[by], why }));
        }
        return true;
      },
      hold: cg ? { freeze: () => freezeBriefly(cg), thaw: () => void cg.freeze(false) } : undefined,
      graceMs: this.graceMs(),
    });
    if (cg) {
      // Processes that are still exiting (or were never seen) keep the cgroup populated a moment.
      const end = Date.now() + 2000;
      while (cg.populated() && Date.now() < end) {
        if (!cg.kill()) break;
        await sleep(25);
      }
    }
    this.refreshRun(run);
    return n;
  }

  waitFinished(run: Run, timeoutMs: number): Promise<void> {
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
    const p = this.tracker.get(pid);
    return p && p.startTime === startTime ? p : undefined;
  }

  async signal(req: SignalRequest): Promise<SignalResult> {
    const { pid, action } = req;
    const ancestors = ancestorsOf(this.source, [this.selfPid]);
    // Hard refusals first (init, ourselves, our ancestors), whatever else is true.
    const hard = checkSignalPolicy({ pid, selfPid: this.selfPid, ancestors, owned: true });
    if (!hard.ok) throw ProclabError.saying(hard.code, hard.text);
    const now = identify(this.source, pid);
    if (!now && req.startTime === undefined && !this.wasSeen(pid)) throw ProclabError.saying('not-found', say('refuse.no-such', { pid }));
    const mine = now ? this.owner(pid, now.id.startTime) : undefined;
    const policy = checkActionPolicy({
      pid,
      selfPid: this.selfPid,
      ancestors,
      owned: !!mine,
      confirm: req.confirm,
      expectedStartTime: req.startTime,
      current: now?.id ?? null,
    });
    if (!policy.ok) throw ProclabError.saying(policy.code, policy.text);
    const st = (now as NonNullable<typeof now>).st;

    if (action === 'kill-tree') return this.killTreeOf(pid, st, mine);
    const sig = signalOf(req);
    const what = action === 'signal' ? { en: sig, zh: sig } : ACTION_TEXT[action];
    let ok: boolean;
    if (mine) ok = this.sendTracked(mine, sig, 'user', say('why.action', { action: what }));
    else {
      ok = trySignal(pid, sig);
      if (ok) this.tracker.emitForeign(st, 'signal-sent', say('ev.signal-foreign', { signal: sig, action: what }));
    }
    if (!ok) throw ProclabError.saying('refused', say('refuse.not-signalled', { signal: sig, pid }));
    return { pid, action, ...said(say('ok.sent', { signal: sig, pid })), signalled: 1 };
  }

  private wasSeen(pid: number): boolean {
    for (const r of this.runs.values()) for (const k of r.everSeen) if (k.startsWith(`${pid}:`)) return true;
    return false;
  }

  private async killTreeOf(pid: number, st: StatFields, mine: TrackedProc | undefined): Promise<SignalResult> {
    const run = mine ? this.runs.get(mine.runId) : undefined;
    if (run && mine?.isRoot) {
      run.reason ??= say('why.kill-tree');
      const n = await this.killRun(run, 'user', say('why.kill-tree'));
      await this.waitFinished(run, 3000);
      return treeResult(pid, n);
    }
    // A subtree: the process plus everything below it now (fresh scan) or remembered below it.
    const table = this.source.live ? this.source.listPids().map((p) => this.source.probe(p)) : [];
    const below = subtreeOf(
      { pid, startTime: st.startTime },
      table.filter((s): s is StatFields => !!s),
      run ? run.procs.values() : [],
    );
    // Another host below takes its runs down with it: refused whole, before anything is sent.
    const host = [...below.values()].find((m) => m.pid !== pid && isProclabHost(m.pid, m.startTime));
    if (host) throw ProclabError.saying('refused', say('refuse.other-proclab', { pid: host.pid }));
    const members = (): Array<{ pid: number; startTime: number }> => [...below.values()].filter((m) => this.isReallyAlive(m));
    const n = await killTree({
      members,
      send: (m, sig) => {
        const t = this.owner(m.pid, m.startTime);
        if (t) return this.sendTracked(t, sig, 'user', say('why.kill-tree'));
        return this.isReallyAlive(m) && trySignal(m.pid, sig);
      },
      sendGroup: () => false,
      graceMs: this.graceMs(),
    });
    if (run) this.refreshRun(run);
    return treeResult(pid, n);
  }
}

function said(text: I18nText): { message: string; text: I18nText } {
  return { message: text.en, text };
}

function treeResult(pid: number, n: number): SignalResult {
  return { pid, action: 'kill-tree', ...said(n === 1 ? say('ok.tree-one') : say('ok.tree', { n })), signalled: n };
}

/** How long the TERM round waits for a run's cgroup to be frozen before it signals anyway. */
const FREEZE_WAIT_MS = 250;

/** Freezes the run's cgroup and waits (briefly) until the kernel has stopped every process in it. */
async function freezeBriefly(cg: RunCgroup): Promise<boolean> {
  if (!cg.freeze(true)) return false;
  const end = Date.now() + FREEZE_WAIT_MS;
  while (!cg.frozen() && Date.now() < end) await sleep(5);
  return true;
}
