import { procKey } from '../../../shared/proc-key';
import type { DeadlockEvent, RunOutput } from '../../../shared/model';
import { readThreads } from '../sampler/threads';
import type { ProcSource } from '../sampler/source';
import { potentialDeadlock } from '../stacks/deadlock-owners';
import type { PyChannel } from '../stacks/py-channel';
import { DEADLOCK_THRESHOLD_MS, DeadlockWatch, type ProcLook } from '../watchdog/deadlock';
import { ForeignStillness } from '../watchdog/foreign-stillness';
import { LockMarks } from '../watchdog/lock-marks';
import { hostSyscallArch } from '../procfs/syscalls';
import { stuckSets } from '../waits/wait-graph';
import { WaitGraphReader } from '../waits/wait-graph-reader';
import { WaitGraphWatch } from '../waits/wait-graph-watch';
import { DeadlockSender } from './deadlock-sender';
import type { TickParts, TickSnapshot } from './tick-parts';

const liveKeys = (sup: TickParts['supervisor']): Set<string> => new Set([...sup.liveProcs()].map((p) => procKey(p.pid, p.startTime)));

/**
 * Feeds the deadlock watchdog from the tick and from the runs' output: the runs' processes on
 * every tick, foreign processes in system scope once their CPU has stood still long enough
 * (reading every thread of every process each tick would cost more than the rest of the tick),
 * and progress / lock mark lines. Suspicions go out with their lock owners when a Python run's
 * bootstrap can tell them.
 */
export class WatchdogFeed {
  private readonly lockMarks = new LockMarks();
  private readonly watch: DeadlockWatch;
  private readonly stillness = new ForeignStillness();
  /** The cross-process wait-for graph (pipes, sockets, children, shared futexes): deadlocks without a lock cycle in one process. */
  private readonly graphWatch: WaitGraphWatch;
  private readonly graphReader = new WaitGraphReader(hostSyscallArch());
  private readonly out: DeadlockSender;

  constructor(
    deadlockMs: number | undefined,
    private readonly selfPid: number,
    emit: (e: DeadlockEvent) => void,
  ) {
    this.out = new DeadlockSender(emit);
    this.watch = new DeadlockWatch(Math.max(250, deadlockMs ?? DEADLOCK_THRESHOLD_MS), (runId) => this.lockMarks.cycle(runId));
    this.graphWatch = new WaitGraphWatch(this.watch.thresholdMs);
  }

  /** The suspicions standing now, for the tick event. */
  suspected(): DeadlockEvent[] {
    return [...this.watch.suspected(), ...this.graphWatch.suspected()];
  }

  /**
   * ProcLab is ending the run: a suspicion standing now ends with it (kept as history), rather
   * than reading "moved again" when the signal wakes the stuck process for its last moments.
   */
  runStopping(runId: string): void {
    const out: DeadlockEvent[] = [];
    this.watch.ending(runId, Date.now(), out);
    this.send(out);
  }

  /** `then` says the run ended once its watchdog events are out: a suspicion still waiting for its owners goes first (and into the journal). */
  runEnded(runId: string, then: () => void): void {
    this.lockMarks.forget(runId);
    const settled = this.out.settled(runId);
    if (settled) void settled.then(then);
    else then();
  }

  /** A Python run's bootstrap reports lock-order inversions on its channel: each a 'potential' deadlock. */
  listen(runId: string, ch: PyChannel, source: ProcSource): void {
    ch.onInversion = (inv) => this.out.send(potentialDeadlock(runId, ch.pid, source.probe(ch.pid), inv));
  }

  /** Progress and mark lines reset the watchdog for their run; lock marks feed its cycle. */
  noteActivity(o: RunOutput): void {
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
    this.send(out);
  }

  /** After the limits stage: the runs' live processes with the threads the tick read. */
  lookAtRuns({ supervisor, waits }: TickParts, s: TickSnapshot): void {
    if (!waits) return;
    for (const p of supervisor.liveProcs()) {
      const st = s.stats.get(p.pid);
      const rows = s.threads[p.pid];
      if (st && rows)
        s.runLooks.push({
          pid: p.pid,
          startTime: p.startTime,
          name: p.name,
          runId: p.runId,
          cpuTicks: st.utime + st.stime,
          // Answering a stacks or owners request is ProcLab's work, not the program moving again.
          tidTicks: s.threadTicks,
          threads: rows,
          cycleTids: p.runId ? this.lockMarks.cycleTids(p.runId) : null,
        });
    }
  }

  /** Runs-only ticks: the runs' looks alone; a process no run tracks is not this tick's to judge. */
  observeRuns({ supervisor: sup }: TickParts, s: TickSnapshot): void {
    const liveKey = liveKeys(sup);
    const alive = (pid: number, st: number): boolean => liveKey.has(procKey(pid, st)) || !sup.isTrackedPid(pid);
    this.send(this.watch.observe(s.now, s.runLooks, alive));
    this.observeGraph(s.now, s.runLooks, (pid) => s.stats.get(pid)?.ppid ?? 0, alive);
  }

  /** Full ticks, after the client rows: the runs' looks plus the foreign processes worth a look. */
  observeAll(parts: TickParts, s: TickSnapshot): void {
    const { supervisor: sup, source } = parts;
    const liveKey = liveKeys(sup);
    const looks = [...s.runLooks, ...this.foreignLooks(parts, s)];
    const alive = (pid: number, st: number): boolean =>
      sup.isTrackedPid(pid)
        ? liveKey.has(procKey(pid, st))
        : s.system
          ? s.sysStats.get(pid)?.startTime === st
          : source.probe(pid)?.startTime === st;
    this.send(this.watch.observe(s.now, looks, alive));
    this.observeGraph(s.now, looks, (pid) => s.stats.get(pid)?.ppid ?? s.sysStats.get(pid)?.ppid ?? 0, alive);
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
      if (set.some((x) => flagged.has(x.proc.pid))) return false;
      const oneRun = set[0]!.proc.runId !== null && set.every((x) => x.proc.runId === set[0]!.proc.runId);
      return !(oneRun && set.every((x) => x.links.every((l) => l.op === 'lock' || l.op === 'child')));
    });
    this.send(this.graphWatch.observe(now, sets, alive));
  }

  /** System scope: foreign processes whose CPU has stood still long enough. */
  private foreignLooks({ supervisor: sup, source, cpu, waits, sched }: TickParts, s: TickSnapshot): ProcLook[] {
    const looks: ProcLook[] = [];
    const reader = source.reader;
    if (!s.system || !waits || !reader) return looks;
    for (const [pid, st] of s.sysStats) {
      if (sup.isTrackedPid(pid) || pid === 2 || st.ppid === 2 || pid === this.selfPid) continue;
      const ticks = st.utime + st.stime;
      const since = this.stillness.update(pid, st.startTime, ticks, s.now);
      if (!this.stillness.due(pid, st.startTime, s.now, this.watch.thresholdMs, this.watch.isFlagged(pid, st.startTime))) continue;
      const procCpu = s.foreignCpu.get(pid) ?? 0;
      const rows = s.threads[pid] ?? readThreads(pid, st, reader, cpu, s.now, procCpu, waits, sched);
      looks.push({ pid, startTime: st.startTime, name: st.comm, runId: null, cpuTicks: ticks, threads: rows, stillSince: since });
    }
    this.stillness.sweep(s.now);
    return looks;
  }

  private send(events: DeadlockEvent[]): void {
    for (const e of events) this.out.send(e);
  }
}
