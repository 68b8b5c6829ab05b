import type { TableSlice } from './table-view';
/**
 * Domain types shared by the core, the hosts and the renderer.
 * Units: times are epoch milliseconds unless named otherwise, memory is bytes,
 * CPU is percent of ONE core (so a process busy on two cores reads 200).
 */

/** Kernel scheduling state, from /proc/<pid>/stat field 3 (or `ps` off Linux). */
export type ProcState = 'running' | 'sleeping' | 'disk-wait' | 'stopped' | 'zombie' | 'dead' | 'idle' | 'unknown';

export const PROC_STATES: readonly ProcState[] = ['running', 'sleeping', 'disk-wait', 'stopped', 'zombie', 'dead', 'idle', 'unknown'];

export type Runtime = 'python' | 'node';
export type RunKind = Runtime | 'command';
export type Scope = 'runs' | 'system';
export type Lang = 'en' | 'zh';
/** Text in both UI languages. */
export interface I18nText {
  en: string;
  zh: string;
}

/** Who ended a process: ProcLab itself (run stop, limit, shutdown), the user, or nobody we know of. */
export type ExitCause = 'self' | 'user' | 'engine' | 'limit' | 'unknown';

export interface ExitInfo {
  code: number | null;
  /** Signal name such as 'SIGKILL' when the process was ended by a signal. */
  signal: string | null;
  by: ExitCause;
  at: number;
}

/** A process is identified by pid AND start time (clock ticks after boot, /proc stat field 22). */
export interface ProcIdentity {
  pid: number;
  startTime: number;
}

export interface ProcRow extends ProcIdentity {
  ppid: number;
  name: string;
  cmd: string;
  user: string | null;
  state: ProcState;
  /**
   * Its parent exited while ProcLab watched it, so it was re-parented (to 1 or a subreaper). Never
   * guessed from ppid 1 alone: every service has ppid 1.
   */
  orphan: boolean;
  /**
   * In a run: declared by the program, or it left the run's session (its own session, no tty).
   * Outside runs: its own session, no controlling tty, and a child of PID 1 or a service manager.
   */
  daemon: boolean;
  /** A kernel thread (PF_KTHREAD): signals do nothing to it, so the UI offers none. Absent = false. */
  kernelThread?: boolean;
  /** Set once a tracked process has exited; the row stays visible for a while. */
  exited: ExitInfo | null;
  cpu: number;
  rss: number;
  threads: number;
  /** Epoch ms when the process started. */
  startedAt: number;
  /** The ProcLab run that owns it, or null for a foreign process (system scope). */
  runId: string | null;
  /** Nice value −20…19 (NI) and kernel priority (PRI, 20 + nice for normal tasks); absent where the platform lacks them. */
  nice?: number;
  priority?: number;
  /** VIRT and SHR as htop shows them, bytes: virtual size (every row) and resident shared memory (/proc/<pid>/statm, the rows asked for). */
  virt?: number;
  shr?: number;
  /** Core the main thread last ran on; absent off Linux. */
  lastCore?: number;
  /** Total CPU time, user + system, in ms since the process started (htop's TIME+); absent where unknown. */
  cpuTimeMs?: number;
  /** Resident memory as a percent of the machine's total memory (htop's %MEM); absent where unknown. */
  memPct?: number;
  /** Disk I/O, only for the rows the engine reads it for (runs' processes, rows the client asked for). */
  io?: ProcIo;
  /** Sockets, only for the rows the client asked details for (`netFor`). */
  net?: ProcNet;
  /** A run's process only: what it used over its life, kept after it exits (its rss/threads then read 0). */
  usage?: ProcUsage;
}

/** A run process's story so far: total CPU time (user + system), peaks, and whether it was seen a zombie. */
export interface ProcUsage {
  cpuMs: number;
  peakRss: number;
  peakThreads: number;
  zombie: boolean;
}

/** /proc/<pid>/io: bytes the process made storage read/write (totals) and per second over the last tick. */
export interface ProcIo {
  readBytes: number;
  writeBytes: number;
  /** All bytes through read()/write(), cache hits included. */
  rchar: number;
  wchar: number;
  readBps: number;
  writeBps: number;
}

/** One point of a process's history (kept by the engine for the last 10 minutes). */
export interface HistoryPoint {
  t: number;
  cpu: number;
  rss: number;
  readBps: number;
  writeBps: number;
}

/** What the details pane shows about one process; fields are null where they cannot be read (gone, or not permitted). */
export interface ProcDetails extends ProcIdentity {
  name: string;
  cmdline: string;
  exe: string | null;
  cwd: string | null;
  startedAt: number;
  user: string | null;
  state: ProcState;
  nice: number | null;
  cgroup: string | null;
  limits: Array<{ name: string; soft: number | null; hard: number | null; unit: string }>;
  /** Open descriptors: how many, how many of each kind, and the first 256. */
  fds: { count: number; byKind: Record<string, number>; list: Array<{ fd: number; kind: string; target: string }> } | null;
  net: ProcNet | null;
  /** Only when asked for (it may hold secrets): KEY=VALUE strings, or null when not readable. */
  env: string[] | null;
  history: HistoryPoint[];
}

/** A TCP connection of a process, with the kernel's per-socket byte counters where `ss` is there to read them. */
export interface TcpConn {
  proto: 'tcp' | 'tcp6';
  local: string;
  remote: string;
  state: string;
  inode: number;
  /** Payload bytes sent / received on this connection (tcp_info); null when they cannot be read (see ProcNet.bytesNote). */
  bytesSent: number | null;
  bytesReceived: number | null;
}

export interface ProcNet {
  /** Socket descriptors the process holds (any family). */
  sockets: number;
  /** TCP/UDP sockets by state, e.g. { ESTABLISHED: 2, LISTEN: 1 }. */
  byState: Record<string, number>;
  /** "tcp 127.0.0.1:8080", "udp [::]:5353". */
  listening: string[];
  /** Remote ends of connected sockets (first 16). */
  peers: string[];
  tcp: TcpConn[];
  /** Sums over the process's TCP connections; null when unknown. */
  bytesSent: number | null;
  bytesReceived: number | null;
  /** Why the byte counters are missing, when they are. */
  bytesNote?: I18nText;
}

/** Why a thread is (not) running: the kernel state refined by the call it is blocked in. */
export type WaitKind = 'running' | 'runnable' | 'lock' | 'sleep' | 'io' | 'poll' | 'child' | 'stopped' | 'zombie' | 'disk' | 'other';

export const WAIT_KINDS: readonly WaitKind[] = [
  'running',
  'runnable',
  'lock',
  'sleep',
  'io',
  'poll',
  'child',
  'stopped',
  'zombie',
  'disk',
  'other',
];

/** What an I/O wait waits on, from the fd's link in /proc/<pid>/fd. */
export type FdKind = 'socket' | 'pipe' | 'file' | 'tty' | 'anon' | 'other';

export interface WaitReason {
  kind: WaitKind;
  /**
   * Where it was read: `syscall` (/proc/…/syscall: number and arguments; needs ptrace access),
   * `wchan` (the kernel function it sleeps in; no arguments, so no timeouts or lock words),
   * or `state` (the state letter alone: running, stopped, zombie, disk).
   */
  source: 'syscall' | 'wchan' | 'state';
  /** The system call's name, or the kernel function from wchan. */
  call?: string;
  /** lock: the wait has a timeout (Condition.wait(timeout), a timed acquire): never a deadlock; sleep: a resumed timed wait (restart_syscall). */
  timed?: boolean;
  /** lock: the futex word's address (hex), the same for every thread waiting on one lock. */
  word?: string;
  /**
   * lock: a futex without FUTEX_PRIVATE_FLAG, which another process may wake (a multiprocessing
   * lock, a shared semaphore); a private one only a thread of the same process can.
   */
  shared?: boolean;
  /** io: what the waited-on descriptor is. */
  fd?: FdKind;
}

export interface ThreadRow {
  tid: number;
  pid: number;
  name: string;
  state: ProcState;
  cpu: number;
  /** Core the thread last ran on (/proc/<pid>/task/<tid>/stat field 39), -1 if unknown. */
  lastCore: number;
  /** Linux only, for the runs' threads and watched ones (absent elsewhere: see PlatformCaps.waits). */
  wait?: WaitReason;
  /**
   * What the kernel counted (/proc/<pid>/task/<tid>/schedstat) over the interval since the thread's
   * last reading; `cpu` is then `running` × 100. Absent on a thread's first reading, where schedstat
   * is not readable, and in journals written before it existed: lanes then draw the state seen.
   */
  shares?: SchedShares;
}

/** Fractions (0…1) of an interval a thread spent on a core and queued for one; the rest it was blocked. */
export interface SchedShares {
  running: number;
  runnable: number;
}

export interface MemInfo {
  total: number;
  available: number;
}

/** Percent of CPU time by mode over the last tick (sums to 100 per CPU). */
export interface CpuModeShare {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface PressureInfo {
  /** Percent of wall time some (or all, `full`) tasks stalled, averaged over 10 s / 60 s / 300 s. */
  some: { avg10: number; avg60: number; avg300: number; totalUs: number };
  full: { avg10: number; avg60: number; avg300: number; totalUs: number } | null;
}

/** What htop/btop show about the machine beyond per-core use; Linux only (absent elsewhere). */
export interface MachineDetail {
  cpu: CpuModeShare;
  coreModes: CpuModeShare[];
  mem: { total: number; used: number; free: number; available: number; buffers: number; cached: number; shared: number };
  swap: { total: number; used: number; free: number; cached: number };
  uptimeS: number;
  /** null per resource where the kernel has no PSI (older than 4.20 or built without it). */
  psi: { cpu: PressureInfo | null; memory: PressureInfo | null; io: PressureInfo | null };
  /** Whole disks (no partitions, loop or ram devices): bytes per second and totals. */
  disks: Array<{ device: string; readBps: number; writeBps: number; readBytes: number; writeBytes: number }>;
  /** Interfaces: bytes per second and totals. */
  nets: Array<{ iface: string; rxBps: number; txBps: number; rxBytes: number; txBytes: number }>;
}

/** What this platform can and cannot show, so the UI can say it instead of showing blanks. */
export interface PlatformCaps {
  os: string;
  procfs: boolean;
  threads: boolean;
  states: boolean;
  /** Runs get a cgroup of their own (nothing they start can escape); false: process group + discovery only. */
  contained?: boolean;
  /** How a run's memory is counted here. */
  memorySource?: MemorySource;
  /** Wait reasons per thread (Linux); absent in records of older versions. */
  waits?: boolean;
  /** What this platform cannot show, for the banner. */
  notes: I18nText[];
}

/** One sampler tick, batched: everything the UI needs to redraw once. */
export interface TickEvent {
  ts: number;
  intervalMs: number;
  scope: Scope;
  /** Utilization per core over the last tick, 0..100. */
  cores: number[];
  /** Machine-wide utilization, 0..100. */
  total: number;
  mem: MemInfo;
  load: [number, number, number];
  /** CPU modes, memory breakdown, swap, uptime, PSI, disk and network throughput (Linux). */
  detail?: MachineDetail;
  processes: ProcRow[];
  /** Threads per pid, only for the pids the UI asked to watch and the runs' own processes. */
  threads: Record<number, ThreadRow[]>;
  /** Cost of this tick in the engine, for self-monitoring. */
  costMs: number;
  /** Processes the deadlock watchdog currently suspects (runs' and, in system scope, foreign ones). */
  deadlocks?: DeadlockEvent[];
  /**
   * The client's process table, cut by the host (sorted, filtered, windowed) when the client
   * asked for one (`monitor.configure { table }`); `processes` then holds only the runs' rows.
   */
  table?: TableSlice;
}

export type LifecycleKind = 'spawned' | 'state-changed' | 'orphaned' | 'daemon' | 'exited' | 'signal-sent';

export interface LifecycleEvent extends ProcIdentity {
  kind: LifecycleKind;
  ts: number;
  runId: string | null;
  name: string;
  ppid: number;
  state?: ProcState;
  from?: ProcState;
  exit?: ExitInfo;
  /** Human words for the timeline, e.g. "killed by SIGKILL", "re-parented to 1" (English). */
  detail: string;
  /** The same words in both UI languages (absent in journals written before it existed). */
  text?: I18nText;
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'stopped' | 'limit' | 'interrupted';

/** The run limits that can end a run (wall time is `timeout`). */
export type LimitName = 'procs' | 'memory';

/**
 * Why a run ended, as a typed value carried from where it happened (a stop request, a limit,
 * the wall-time timer, the program's own exit or a signal, a crash of the app): the status and
 * the words shown are derived from it, never the other way round.
 */
export type StopCause = 'user-stop' | `limit:${LimitName}` | 'timeout' | 'exit' | 'signal' | 'interrupted';

export interface RunOutcome {
  cause: StopCause;
  /** The limit's value when a limit or the timeout ended it (processes, bytes, ms). */
  limit?: number;
}

/** How a run's memory figure is counted on this machine. */
export type MemorySource = 'cgroup-v2' | 'cgroup-v1' | 'pss' | 'rss';

/** Per-run limits; the host clamps each to its hard maximum. */
export interface RunLimits {
  maxProcs: number;
  maxMemBytes: number;
  maxDurationMs: number;
  /** Output lines per second kept; more are counted and dropped, the run goes on. */
  maxOutputLinesPerSec: number;
}

export interface Claim {
  text: I18nText;
  /** False for a failed claim and for one the run could not decide (then `undecided` says why). */
  pass: boolean;
  /** Why the claim could not be decided on this run (e.g. too few free cores): neither a pass nor a fail. */
  undecided?: I18nText;
  /** What was measured, in plain words with the figure, e.g. "1.04 cores on average" (English: the CLI and reports print it). */
  measured: string;
  /** `measured` in both UI languages (absent in journals written before it existed). */
  measuredText?: I18nText;
}

/** A lesson's three outcomes: it held, it did not, or this run cannot tell (a busy machine, a result it cannot read). */
export type VerdictOutcome = 'pass' | 'fail' | 'inconclusive';

/**
 * What made a lesson inconclusive. `machine`: the machine could not show it (too few free
 * cores), worth running again on a quieter one; `result`: the program's result lines did
 * not have the shape its lesson declares, a bug in the scenario; `samples`: the run ended before
 * it was sampled enough to judge (MIN_VERDICT_SAMPLES).
 */
export type InconclusiveCause = 'machine' | 'result' | 'samples';

export interface Verdict {
  /** outcome === 'pass' (kept for readers of journals written before outcomes existed). */
  pass: boolean;
  /** Absent in journals written before it existed: read it with `verdictOutcome()`. */
  outcome?: VerdictOutcome;
  /** Set when the outcome is inconclusive: why, in both languages. */
  inconclusive?: { cause: InconclusiveCause; text: I18nText };
  claims: Claim[];
  figures: Record<string, number>;
  /**
   * The band the verdict judged by, when the lesson has one: a lesson that lowers its
   * threshold for this run (a busy machine) shades the lowered band, so the chart and the
   * claim's "(claim: ≥ X)" never disagree. Absent: the launch-time band (`RunInfo.band`).
   */
  band?: LessonBand;
}

export type ParamValue = string | number | boolean;

export interface RunInfo {
  id: string;
  name: string;
  scenarioId: string | null;
  runtime: RunKind;
  params: Record<string, ParamValue>;
  argv: string[];
  cwd: string;
  status: RunStatus;
  startedAt: number;
  endedAt: number | null;
  rootPid: number | null;
  exit: ExitInfo | null;
  /** Why the engine ended it early: a limit, a stop request, shutdown. */
  reason: string | null;
  /** `reason` in both UI languages (absent in journals written before it existed). */
  reasonText?: I18nText;
  /** Why it ended (null while running; filled from status/reason when reading older journals). */
  outcome?: RunOutcome | null;
  /** The limits it ran under (absent in older journals). */
  limits?: RunLimits;
  /** Its processes were in a cgroup of their own (nothing could escape), or only followed by process group and ancestry. */
  contained?: boolean;
  /** How its memory figure was counted (absent in older journals: RSS summed per process). */
  memorySource?: MemorySource;
  verdict: Verdict | null;
  tags: string[];
  /** The scratchpad program it ran (absent for scenarios and commands): re-opened from the run. */
  source?: { runtime: Runtime; code: string };
  /** Its lesson's pass band for the cores chart, from the lesson's own thresholds (absent: the lesson has none). */
  band?: LessonBand;
  /**
   * Its journal is not whole: 'truncated' past the per-run quota (samples and output after it were
   * not kept), 'incomplete' when the disk refused a write (disk full, read-only). Absent: whole.
   */
  journal?: JournalState;
}

export type JournalState = 'truncated' | 'incomplete';

/**
 * The cores a lesson's claim accepts, drawn as a shaded band on the run's cores chart: `from`
 * to `to` cores, over the window the claim reads (`label` says which, e.g. "while it waits").
 */
export interface LessonBand {
  from: number;
  to: number;
  label: I18nText;
}

export type OutputKind = 'log' | 'mark' | 'metric' | 'progress' | 'result';

export interface RunOutput {
  runId: string;
  ts: number;
  stream: 'stdout' | 'stderr';
  kind: OutputKind;
  /** log: the text; mark: the label. */
  text?: string;
  /** metric: {name, value}; progress: {done, total}; result: the object; mark: {tid?, lock?, thread?}. */
  data?: Record<string, unknown>;
  pid?: number;
}

/** One TCP socket a run's process holds, as the run view's port list shows it. */
export interface RunSocket {
  proto: 'tcp' | 'tcp6';
  /** "127.0.0.1:8080", "[::1]:8080". */
  local: string;
  remote: string;
  localPort: number;
  /** 0 for a listening socket. */
  remotePort: number;
  /** The kernel's TCP state name: LISTEN, ESTABLISHED, TIME_WAIT … */
  state: string;
}

/**
 * The TCP sockets of a live run's processes at one reading (the `run-net` event, every ~0.5 s
 * while any of them holds a socket): counts by state, and the first `RUN_SOCKETS_LISTED`
 * sockets of each process with how many more it holds.
 */
export interface RunNetEvent {
  runId: string;
  ts: number;
  procs: Array<{ pid: number; startTime: number; tcp: Record<string, number>; sockets: RunSocket[]; more: number }>;
}

/** How many sockets per process a `run-net` event lists (the rest are counted in `more`). */
export const RUN_SOCKETS_LISTED = 50;

/** Per-run sample kept in the journal: only the run's processes, plus the machine's cores. */
export interface RunSample {
  ts: number;
  cores: number[];
  procs: Array<{
    pid: number;
    startTime: number;
    cpu: number;
    rss: number;
    threads: number;
    state: ProcState;
    /** Cumulative CPU time in ms (user, system) where the platform gives it. */
    utimeMs?: number;
    stimeMs?: number;
    ctxSwitches?: number;
    /** Its TCP sockets by state, e.g. { LISTEN: 1, ESTABLISHED: 8 }, read every ~0.5 s (absent: none, or not read). */
    tcp?: Record<string, number>;
  }>;
  threads?: ThreadRow[];
  /** The run's memory as its `RunInfo.memorySource` counts it (absent in older journals). */
  mem?: number;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  os: string;
  kernel: string;
  node: string;
  python: string | null;
}

/** Threads waiting on one lock word (futex address); `word` null when only wchan was readable. */
export interface DeadlockLock {
  word: string | null;
  tids: number[];
}

/**
 * The deadlock watchdog's word on one process: every thread in an untimed lock wait, no CPU
 * time and no progress/mark line for the threshold (`suspected`), or the same process moving
 * again or ending (`withdrawn`, same fields as the suspicion it withdraws).
 */
/** A place in a program's source (Python runs, from ProcLab's bootstrap). */
export interface SourceSite {
  file: string;
  line: number;
}

/**
 * One step of a wait-for cycle with owners (Python runs, from the bootstrap's records at acquire and
 * release): `thread` at `at` waits for `lock`, held by `holder` (who took it at `heldAt`), which
 * itself waits at `holderAt`.
 */
export interface OwnerLink {
  thread: string;
  tid: number | null;
  at: SourceSite | null;
  lock: string;
  holder: string;
  holderTid: number | null;
  heldAt: SourceSite | null;
  holderAt: SourceSite | null;
  /** Set when the cycle crosses processes (multiprocessing locks): the PIDs of `thread` and `holder`. */
  pid?: number;
  holderPid?: number;
}

/** One order of two locks as a thread took (or asked for) them. */
export interface LockOrder {
  thread: string;
  tid: number | null;
  lock: string;
  then: string;
  at: SourceSite | null;
  thenAt: SourceSite | null;
}

/**
 * One blocked thread's edge in the cross-process wait-for graph: `op` on descriptor `fd`
 * (`target` its link, e.g. "pipe:[123]"; a futex word for locks) waits for the processes `waitsFor`.
 */
export interface WaitLink {
  pid: number;
  tid: number;
  thread: string;
  call: string;
  /** read/write a pipe or socket, wait for a child, or a futex (lock). */
  op: 'read' | 'write' | 'child' | 'lock';
  fd: number | null;
  target: string | null;
  waitsFor: number[];
  /**
   * The thread's stack when cheaply had, innermost first: Python frames ("function (file:line)") from
   * ProcLab's bootstrap (its Python run roots), else the kernel's (/proc/…/stack, needs CAP_SYS_ADMIN).
   */
  stack?: { source: 'python' | 'kernel'; frames: string[] };
}

export interface DeadlockEvent extends ProcIdentity {
  /** 'potential': a lock-order inversion (two orders of the same two locks), seen even in a run that did not hang. */
  kind: 'suspected' | 'withdrawn' | 'potential';
  /** The cycle with each lock's owner and both source lines (Python runs with the bootstrap). */
  owners?: OwnerLink[];
  /** `owners` in words: "Thread-2 at a.py:19 waits for mutexB, held by Thread-1, which waits at a.py:30 for mutexA, held by Thread-2". */
  ownersText?: I18nText;
  /** The two orders of a 'potential' event. */
  inversion?: { first: LockOrder; second: LockOrder };
  /** withdrawn: the process ended still stuck (it did not move again), so the suspicion stands as history. */
  ended?: boolean;
  /**
   * Set when the whole run is stuck rather than one process: every process of the run, each
   * thread in a lock wait (shared futexes count here) or waiting for a child. `pid` is then the
   * first of them.
   */
  pids?: number[];
  ts: number;
  runId: string | null;
  name: string;
  /** Epoch ms since which every thread has been still in its lock wait. */
  since: number;
  thresholdMs: number;
  threads: Array<{ tid: number; name: string; word: string | null }>;
  locks: DeadlockLock[];
  /** How the waits were read: syscall gives lock words and tells timed waits apart; wchan does not. */
  source: 'syscall' | 'wchan';
  /** The wait-for cycle from the run's lock marks, English ("thread 1 holds A and waits for B; …"); null when unknown. */
  cycle: string | null;
  cycleText: I18nText | null;
  /** The cross-process wait-for graph's links of every stuck thread (pipes, sockets, children, shared futexes), when that graph found the deadlock. */
  waits?: WaitLink[];
  /** One line, English, e.g. "deadlock suspected: PID 1234, 11 threads waiting on 2 locks for 3 s". */
  detail: string;
  text: I18nText;
}

/** The whole record of one run: what the journal holds and verdicts/reports read. */
export interface RunData {
  info: RunInfo;
  machine: MachineInfo;
  samples: RunSample[];
  events: LifecycleEvent[];
  outputs: RunOutput[];
  /** Watchdog events of the run's processes, in time order (absent in journals written before it existed). */
  deadlocks?: DeadlockEvent[];
}
