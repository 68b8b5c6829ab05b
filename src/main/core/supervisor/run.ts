import type { ChildProcess } from 'node:child_process';
import type {
  ExitCause,
  ExitInfo,
  I18nText,
  MemorySource,
  ProcIdentity,
  ProcRow,
  ProcState,
  RunLimits,
  RunOutcome,
} from '../../../shared/model';
import type { LineRateLimiter } from '../scenarios/protocol';
import type { RunCgroup } from './cgroup';
import type { DeadlineHandle } from './deadline-watch';
import type { KernelSeen } from './kernel-limits';
import { procKey } from '../../../shared/proc-key';

export type { RunLimits } from '../../../shared/model';

/** What a launch tells its caller besides the root's identity: how the run is contained and limited. */
export interface LaunchResult extends ProcIdentity {
  contained: boolean;
  memorySource: MemorySource;
  limits: RunLimits;
}

export interface LaunchSpec {
  runId: string;
  argv: string[];
  cwd: string;
  env?: Record<string, string>;
  limits?: Partial<RunLimits>;
  /** The root is a daemon by declaration (`--daemon`): shown as such, ended with the app. */
  daemon?: boolean;
  /** The Python bootstrap on the run's PYTHONPATH (default on; false: the program starts bare). */
  bootstrap?: boolean;
}

/** Everything the engine knows about one process of a run. Identity = pid + startTime. */
export interface TrackedProc {
  pid: number;
  startTime: number;
  runId: string;
  isRoot: boolean;
  ppid: number;
  /** "pid:startTime" of the tracked parent when first seen, or null for the root. */
  parentKey: string | null;
  pgrp: number;
  name: string;
  cmd: string;
  user: string | null;
  state: ProcState;
  orphan: boolean;
  daemon: boolean;
  declaredDaemon: boolean;
  exited: ExitInfo | null;
  cpu: number;
  rss: number;
  threads: number;
  startedAt: number;
  utimeMs: number;
  stimeMs: number;
  ctxSwitches: number | undefined;
  /** Raw CPU ticks last tick, to read context switches only when the process actually ran. */
  cpuTicks: number;
  /** The last terminating signal ProcLab sent, to say who ended it. */
  lastSignal: { signal: string; by: ExitCause } | null;
  /** wait(2) status read while the process was a zombie (stat field 52), if we saw one. */
  zombieStatus: number | null;
  /** The most it held at any look: an exited row keeps them (its last look reads 0). */
  peakRss: number;
  peakThreads: number;
  /** It was seen a zombie before it went (its parent reaped it late, or init did). */
  sawZombie: boolean;
  /** When its latest lifecycle event was dated: its exit is never dated before it. */
  lastEventAt: number;
}

export interface Run {
  id: string;
  rootPid: number;
  rootStart: number;
  argv: string[];
  startedAtMs: number;
  limits: RunLimits;
  child: ChildProcess;
  procs: Map<string, TrackedProc>;
  /** Every (pid, startTime) ever seen in this run, even after its row is pruned. */
  everSeen: Set<string>;
  /** Declared daemon pids not discovered yet. */
  pendingDaemons: Set<number>;
  rootExit: ExitInfo | null;
  /** Why the engine ended it (stop request, limit, shutdown) or null if it ended by itself. */
  reason: I18nText | null;
  /** The typed cause when ProcLab ended it (the reason's words are derived from the same place). */
  stop: RunOutcome | null;
  /** Its own cgroup, where the machine allows one: membership, kill-all, and memory. */
  cgroup: RunCgroup | null;
  memorySource: MemorySource;
  /** The run's memory as memorySource counts it, bytes; PSS is re-read only every few seconds. */
  mem: number;
  memReadAt: number;
  finished: boolean;
  finishedAtMs: number;
  stopping: Promise<void> | null;
  stdioClosed: Promise<void>;
  limiter: LineRateLimiter;
  durationTimer: NodeJS.Timeout | null;
  /** The wall-time backstop on its own thread (with a cgroup), cancelled when the run ends. */
  deadline: DeadlineHandle | null;
  /** The kernel's limit counters as last read (refused forks, OOM kills). */
  kernelSeen: KernelSeen;
  /**
   * Called once as the run ends, before its cgroup goes: a run that ended by a kernel-held limit
   * (OOM kill) or by the wall-time backstop before any tick noticed gets that outcome.
   */
  settle: () => void;
  onFinished: Array<() => void>;
}

export const keyOf = (p: { pid: number; startTime: number }): string => procKey(p.pid, p.startTime);

/** A process counts as alive while it can still run: a zombie has already exited. */
export const isAlive = (p: TrackedProc): boolean => !p.exited && p.state !== 'zombie' && p.state !== 'dead';

export function toRow(p: TrackedProc): ProcRow {
  return {
    pid: p.pid,
    startTime: p.startTime,
    ppid: p.ppid,
    name: p.name,
    cmd: p.cmd,
    user: p.user,
    state: p.state,
    orphan: p.orphan,
    daemon: p.daemon,
    exited: p.exited,
    cpu: p.exited ? 0 : p.cpu,
    rss: p.exited ? 0 : p.rss,
    threads: p.exited ? 0 : p.threads,
    startedAt: p.startedAt,
    runId: p.runId,
    usage: { cpuMs: p.utimeMs + p.stimeMs, peakRss: p.peakRss, peakThreads: p.peakThreads, zombie: p.sawZombie },
    // Kept after the exit: the CPU a finished process used is part of its story.
    cpuTimeMs: p.utimeMs + p.stimeMs,
  };
}
