import { say } from '../../../shared/engine-texts';
import type { DeadlockEvent, DeadlockLock, I18nText, ThreadRow, WaitReason } from '../../../shared/model';
import { procKey } from '../../../shared/proc-key';

/** Default time every thread must sit still in its lock wait before the watchdog speaks. */
export const DEADLOCK_THRESHOLD_MS = 3000;

/** One look at one process: its threads with wait reasons and its cumulative CPU ticks. */
export interface ProcLook {
  pid: number;
  startTime: number;
  name: string;
  runId: string | null;
  cpuTicks: number;
  threads: ThreadRow[];
  /** Known earlier start of the stillness (a caller that watched CPU ticks before reading threads). */
  stillSince?: number;
  /**
   * Threads that the run's lock marks put in a wait-for cycle. When all of them are in untimed
   * lock waits the process counts as stuck even if its other threads wait elsewhere (Node's
   * own helper thread always sits in epoll_wait, so "every thread" never holds there).
   */
  cycleTids?: number[] | null;
  /** A whole run looked at as one unit. */
  pids?: number[];
  /**
   * CPU ticks per thread (by TID) where the tick read them: then only the stuck threads' own
   * ticks say whether the process moved. The runtime's helpers (V8's platform threads collecting
   * garbage, ProcLab's listener answering a request) may run while the cycle stays stuck.
   */
  tidTicks?: ReadonlyMap<number, number>;
}

/** The ticks that say whether a look moved: those threads' own where read, else the process's. */
function stillTicks(look: ProcLook, threads: readonly ThreadRow[]): number {
  const byTid = look.tidTicks;
  if (!byTid || !threads.every((t) => byTid.has(t.tid))) return look.cpuTicks;
  return threads.reduce((n, t) => n + byTid.get(t.tid)!, 0);
}

/**
 * Every thread in an untimed lock wait on a private futex, or every thread of the marks'
 * wait-for cycle. A shared futex may be released by another process: one process alone is not
 * stuck on it (the run as a whole may be).
 */
export function stuckThreads(look: ProcLook): ThreadRow[] | null {
  if (look.threads.length > 0 && look.threads.every((t) => untimedLockWait(t.wait) && !t.wait?.shared)) return look.threads;
  const cycle = look.cycleTids;
  if (!cycle?.length) return null;
  const inCycle = cycle.map((tid) => look.threads.find((t) => t.tid === tid));
  if (!inCycle.every((t) => t && untimedLockWait(t.wait))) return null;
  // The threads stuck on the cycle's locks: the cycle and those queued behind it on the same
  // words, not the runtime's own idle helpers (each on a word of its own).
  const words = new Set(inCycle.map((t) => t!.wait?.word).filter((w): w is string => !!w));
  return look.threads.filter((t) => (words.size ? words.has(t.wait?.word ?? '') : cycle.includes(t.tid)) && untimedLockWait(t.wait));
}

/**
 * A futex wait without a timeout: nothing in the process will ever wake it if every thread is
 * in one. Timed waits (Condition.wait(timeout)), flock/semaphores between processes, sleeps and
 * I/O waits are not deadlock material. From wchan a futex wait cannot be told timed or not:
 * it counts, and the event says its source.
 */
export function untimedLockWait(w: WaitReason | undefined): boolean {
  if (!w || w.kind !== 'lock' || w.timed === true) return false;
  return w.source === 'wchan' ? /futex/.test(w.call ?? '') : w.call === 'futex' || w.call === 'futex_waitv';
}

interface Watched {
  pid: number;
  startTime: number;
  since: number;
  cpuTicks: number;
  runId: string | null;
  flagged: DeadlockEvent | null;
  lastSeen: number;
}

const keyOf = (pid: number, startTime: number) => procKey(pid, startTime);

/**
 * The deadlock watchdog, for any process: every thread in an untimed lock wait, the process's
 * CPU ticks unchanged and no progress/mark line from its run for `thresholdMs` → one
 * `suspected` event; when it moves again (or ends) → one `withdrawn`. Time is passed in.
 */
export class DeadlockWatch {
  private procs = new Map<string, Watched>();

  constructor(
    public thresholdMs = DEADLOCK_THRESHOLD_MS,
    private readonly cycleOf: (runId: string) => I18nText | null = () => null,
  ) {}

  /** A progress or mark line: the run is alive, so its stillness starts again. */
  activity(runId: string, now: number, out: DeadlockEvent[]): void {
    for (const w of this.procs.values()) {
      if (w.runId !== runId) continue;
      w.since = now;
      if (w.flagged) out.push(this.withdraw(w, now, 'dl.withdrawn'));
    }
  }

  /** The run is being ended by ProcLab: its standing suspicions end with it (`ended`), and are forgotten. */
  ending(runId: string, now: number, out: DeadlockEvent[]): void {
    for (const [key, w] of this.procs) {
      if (w.runId !== runId) continue;
      if (w.flagged) out.push(this.withdraw(w, now, 'dl.ended'));
      this.procs.delete(key);
    }
  }

  /**
   * Folds in this tick's looks. `alive` answers for flagged processes not looked at this tick
   * (a process that ended withdraws its suspicion).
   */
  observe(now: number, looks: ProcLook[], alive: (pid: number, startTime: number) => boolean): DeadlockEvent[] {
    const out: DeadlockEvent[] = [];
    const seen = new Set<string>();
    const byRun = new Map<string, ProcLook[]>();
    for (const look of looks) {
      const stuck = stuckThreads(look);
      this.step(keyOf(look.pid, look.startTime), look, stillTicks(look, stuck ?? look.threads), stuck !== null, now, out, seen);
      if (look.runId) byRun.set(look.runId, [...(byRun.get(look.runId) ?? []), look]);
    }
    for (const [runId, group] of byRun) {
      const threads = group.flatMap((l) => l.threads);
      const allStill = threads.every((t) => untimedLockWait(t.wait) || t.wait?.kind === 'child');
      const saidAlone = group.some((l) => this.procs.has(keyOf(l.pid, l.startTime)));
      // The whole run: every thread of every process in a lock wait or waiting for a child, and
      // no process of it already suspected on its own (a shared lock or a parent joining is involved).
      const stuck = allStill && threads.some((t) => untimedLockWait(t.wait)) && !saidAlone;
      const first = group[0]!;
      const unit: ProcLook = {
        ...first,
        cpuTicks: group.reduce((n, l) => n + stillTicks(l, l.threads), 0),
        threads,
        pids: group.map((l) => l.pid),
      };
      this.step(`run:${runId}`, unit, unit.cpuTicks, stuck, now, out, seen);
    }
    for (const [key, w] of this.procs) {
      if (seen.has(key)) continue;
      if (!alive(w.pid, w.startTime) || key.startsWith('run:')) {
        if (w.flagged) out.push(this.withdraw(w, now, alive(w.pid, w.startTime) ? 'dl.withdrawn' : 'dl.ended'));
        this.procs.delete(key);
      } else if (!w.flagged && now - w.lastSeen > 60_000) this.procs.delete(key);
    }
    return out;
  }

  /** `ticks`: the CPU ticks that say whether the look moved since the last one (stillTicks). */
  private step(key: string, look: ProcLook, ticks: number, stuck: boolean, now: number, out: DeadlockEvent[], seen: Set<string>): void {
    seen.add(key);
    const prev = this.procs.get(key);
    if (!stuck) {
      if (prev?.flagged) out.push(this.withdraw(prev, now, 'dl.withdrawn'));
      this.procs.delete(key);
      return;
    }
    if (!prev || prev.cpuTicks !== ticks) {
      if (prev?.flagged) out.push(this.withdraw(prev, now, 'dl.withdrawn'));
      const since = prev ? now : Math.min(now, look.stillSince ?? now);
      this.procs.set(key, {
        since,
        cpuTicks: ticks,
        runId: look.runId,
        pid: look.pid,
        startTime: look.startTime,
        flagged: null,
        lastSeen: now,
      });
      out.push(...this.maybeFlag(key, look, now));
      return;
    }
    prev.lastSeen = now;
    if (!prev.flagged) out.push(...this.maybeFlag(key, look, now));
  }

  /** Currently suspected processes. */
  suspected(): DeadlockEvent[] {
    return [...this.procs.values()].flatMap((w) => (w.flagged ? [w.flagged] : []));
  }

  isFlagged(pid: number, startTime: number): boolean {
    return !!this.procs.get(keyOf(pid, startTime))?.flagged;
  }

  private maybeFlag(key: string, look: ProcLook, now: number): DeadlockEvent[] {
    const w = this.procs.get(key)!;
    if (now - w.since < this.thresholdMs) return [];
    w.flagged = this.event(look, w.since, now);
    return [w.flagged];
  }

  private event(whole: ProcLook, since: number, now: number): DeadlockEvent {
    const look = whole.pids ? whole : { ...whole, threads: stuckThreads(whole) ?? whole.threads };
    const byWord = new Map<string | null, number[]>();
    for (const t of look.threads) {
      const word = t.wait?.word ?? null;
      byWord.set(word, [...(byWord.get(word) ?? []), t.tid]);
    }
    const locks: DeadlockLock[] = [...byWord].map(([word, tids]) => ({ word, tids }));
    const source = look.threads.every((t) => t.wait?.source === 'syscall') ? 'syscall' : 'wchan';
    const lockWords =
      source === 'wchan' ? say('dl.locks-unknown') : locks.length === 1 ? say('dl.one-lock') : say('dl.locks', { n: locks.length });
    const text = say(look.pids ? 'dl.suspected-run' : 'dl.suspected', {
      pid: look.pids ? look.pids.join(', ') : look.pid,
      threads: look.threads.length,
      locks: lockWords,
      secs: Math.round((now - since) / 1000),
    });
    const cycleText = look.runId ? this.cycleOf(look.runId) : null;
    return {
      kind: 'suspected',
      ts: now,
      pid: look.pid,
      startTime: look.startTime,
      ...(look.pids && { pids: look.pids }),
      runId: look.runId,
      name: look.name,
      since,
      thresholdMs: this.thresholdMs,
      threads: look.threads.map((t) => ({ tid: t.tid, name: t.name, word: t.wait?.word ?? null })),
      locks,
      source,
      cycle: cycleText?.en ?? null,
      cycleText,
      detail: text.en,
      text,
    };
  }

  private withdraw(w: Watched, now: number, code: 'dl.withdrawn' | 'dl.ended'): DeadlockEvent {
    const f = w.flagged!;
    w.flagged = null;
    const text = say(code, { pid: f.pid });
    return { ...f, kind: 'withdrawn', ts: now, detail: text.en, text, ...(code === 'dl.ended' && { ended: true }) };
  }
}
