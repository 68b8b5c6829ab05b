import { execFile, execFileSync } from 'node:child_process';
import pidusage from 'pidusage';
import { say } from '../../../shared/engine-texts';
import type { I18nText } from '../../../shared/model';
import {
  hasProcfs,
  listPids,
  procConstants,
  readCmdline,
  readCtxSwitches,
  readEnviron,
  readPssBytes,
  readStatOnce,
  readText,
  readUid,
  StatReader,
  userName,
  type StatFields,
} from '../procfs';
import { hasSchedstat } from './sched-shares';

/**
 * What a source can show. The engine asks these flags, never which source it has, so a new
 * platform is a new source with its flags, not a new branch in every tick stage. The first
 * four also go to the platform caps (the engine adds containment and memory).
 */
export interface SourceCaps {
  /** Facts come from /proc. */
  procfs: boolean;
  /** Per-thread rows (task/<tid>/stat through kept descriptors). */
  threads: boolean;
  states: boolean;
  notes: I18nText[];
  /** Why each blocked thread waits (task syscall / wchan). */
  waits: boolean;
  /** Per-thread schedstat (run and wait shares): not every kernel keeps it. */
  schedstat: boolean;
  /** NI, PRI and last core of each row, and its disk I/O (/proc/<pid>/io). */
  rowDetails: boolean;
  /** A process's sockets and TCP bytes (/proc/<pid>/fd joined with /proc/net and ss). */
  sockets: boolean;
  /** The monitor's detail: CPU modes, memory breakdown, PSI, disks, interfaces. */
  machineDetail: boolean;
  /** Another process's environment can be read (leftovers are recognised by their marker). */
  environ: boolean;
}

/** What neither fallback source (ps, pidusage) can read. */
const NO_PROC_CAPS = {
  procfs: false,
  threads: false,
  waits: false,
  schedstat: false,
  rowDetails: false,
  sockets: false,
  machineDetail: false,
  environ: false,
} as const;

/**
 * Where process facts come from. Linux: /proc through kept descriptors. Elsewhere one `ps`
 * (or one batched pidusage call on Windows) per tick fills a table the same questions are
 * asked of, so the rest of the engine does not care which platform it runs on.
 */
export interface ProcSource {
  /** listPids() and probe() answer for this instant, cheaply: safe to call between ticks and right before acting. */
  readonly live: boolean;
  /** Per-core and memory figures can come from /proc/stat and /proc/meminfo. */
  readonly machineStats: boolean;
  readonly caps: SourceCaps;
  /** Command line, read once per new process ('' where the platform does not give it). */
  cmdline(pid: number): string;
  /** Owner's user name, or null where unknown. */
  user(pid: number): string | null;
  /** Voluntary + involuntary context switches, or null where unknown. */
  ctxSwitches(pid: number): number | null;
  /** Called once at the start of every tick with the pids the tick cares about. */
  refresh(tracked: number[]): Promise<void>;
  listPids(): number[];
  /** Cheap repeated read for a watched process (kept fd on Linux). */
  read(pid: number): StatFields | null;
  /** One-off fresh read, e.g. to classify a new pid or re-check identity before a signal. */
  probe(pid: number): StatFields | null;
  /**
   * False only when it is certain no process was created since the last call, so the tick may
   * skip looking for new pids (Linux: the last pid handed out, /proc/loadavg field 5).
   */
  maybeNewPids(): boolean;
  /** Lets go of resources for processes not in keep. */
  retain(keep: Set<number>): void;
  /** A process's PSS in bytes (costly: read seldom), or null where the platform has none. */
  pssBytes(pid: number): number | null;
  /** The value of one variable of a process's environment, or null if unreadable/absent. */
  envVar(pid: number, name: string): string | null;
  readonly reader: StatReader | null;
  /** CPU ticks per second of utime/stime. */
  readonly clkTck: number;
  /** Bytes per unit of rssPages. */
  readonly rssUnit: number;
  /** Epoch ms of a start time in this source's units. */
  startedAtMs(startTime: number): number;
  close(): void;
}

// Fallback sources report start times in epoch seconds and RSS in bytes.
const fallbackUnits = {
  clkTck: 100,
  rssUnit: 1,
  startedAtMs: (startTime: number): number => startTime * 1000,
};

export class ProcfsSource implements ProcSource {
  readonly live = true;
  readonly machineStats = true;
  readonly caps: SourceCaps = {
    procfs: true,
    threads: true,
    states: true,
    notes: [say('caps.procfs-exit')],
    waits: true,
    schedstat: hasSchedstat(),
    rowDetails: true,
    sockets: true,
    machineDetail: true,
    environ: true,
  };
  cmdline(pid: number): string {
    return readCmdline(pid);
  }
  user(pid: number): string | null {
    return userName(readUid(pid));
  }
  ctxSwitches(pid: number): number | null {
    return readCtxSwitches(pid);
  }
  readonly reader = new StatReader();
  readonly clkTck: number;
  readonly rssUnit: number;
  private readonly bootMs: number;
  constructor() {
    const c = procConstants();
    this.clkTck = c.clkTck;
    this.rssUnit = c.pageSize;
    this.bootMs = c.bootMs;
  }
  startedAtMs(startTime: number): number {
    return this.bootMs + (startTime * 1000) / this.clkTck;
  }
  private lastPid = '';
  async refresh(): Promise<void> {}
  listPids(): number[] {
    return listPids();
  }
  maybeNewPids(): boolean {
    const text = readText('/proc/loadavg');
    const last = text?.trim().split(' ')[4];
    if (!last) return true;
    const changed = last !== this.lastPid;
    this.lastPid = last;
    return changed;
  }
  read(pid: number): StatFields | null {
    return this.reader.read(String(pid));
  }
  probe(pid: number): StatFields | null {
    return readStatOnce(pid);
  }
  pssBytes(pid: number): number | null {
    return readPssBytes(pid);
  }
  envVar(pid: number, name: string): string | null {
    const prefix = `${name}=`;
    return (
      readEnviron(pid)
        ?.find((e) => e.startsWith(prefix))
        ?.slice(prefix.length) ?? null
    );
  }
  retain(keep: Set<number>): void {
    this.reader.retain((p) => {
      const slash = p.indexOf('/');
      return keep.has(Number(slash < 0 ? p : p.slice(0, slash)));
    });
  }
  close(): void {
    this.reader.closeAll();
  }
}

const PS_ARGS = ['-A', '-o', 'pid=,ppid=,pgid=,stat=,time=,rss=,lstart=,comm='];

/**
 * macOS / BSD: one `ps` per tick for the whole table. Start time is `lstart` (1 s resolution).
 * Actions (signal checks, kill loops) need fresher facts than the last tick, so probe() re-runs
 * `ps` synchronously — at most every 100 ms, never on the tick.
 */
export class PsSource implements ProcSource {
  readonly live = false;
  readonly machineStats = false;
  readonly caps: SourceCaps = {
    ...NO_PROC_CAPS,
    states: true,
    notes: [say('caps.ps-source'), say('caps.ps-threads'), say('caps.ps-identity'), say('caps.ps-daemons')],
  };
  cmdline(): string {
    return '';
  }
  user(): string | null {
    return null;
  }
  ctxSwitches(): number | null {
    return null;
  }
  readonly clkTck = fallbackUnits.clkTck;
  readonly rssUnit = fallbackUnits.rssUnit;
  readonly startedAtMs = fallbackUnits.startedAtMs;
  readonly reader = null;
  private table = new Map<number, StatFields>();
  private at = 0;
  async refresh(): Promise<void> {
    const out = await new Promise<string>((resolve) =>
      execFile('ps', PS_ARGS, { maxBuffer: 32 << 20 }, (err, stdout) => resolve(err ? '' : stdout)),
    );
    this.table = parsePsTable(out);
    this.at = Date.now();
  }
  listPids(): number[] {
    return [...this.table.keys()];
  }
  maybeNewPids(): boolean {
    return true;
  }
  read(pid: number): StatFields | null {
    return this.table.get(pid) ?? null;
  }
  probe(pid: number): StatFields | null {
    if (Date.now() - this.at > 100) {
      try {
        this.table = parsePsTable(execFileSync('ps', PS_ARGS, { encoding: 'utf8', maxBuffer: 32 << 20 }));
      } catch {
        /* keep the last table */
      }
      this.at = Date.now();
    }
    return this.table.get(pid) ?? null;
  }
  retain(): void {}
  pssBytes(): number | null {
    return null;
  }
  envVar(): string | null {
    return null;
  }
  close(): void {}
}

/** Parses `ps -o pid=,ppid=,pgid=,stat=,time=,rss=,lstart=,comm=` (lstart is 5 words). */
export function parsePsTable(out: string): Map<number, StatFields> {
  const table = new Map<number, StatFields>();
  for (const line of out.split('\n')) {
    const p = line.trim().split(/\s+/);
    if (p.length < 12) continue;
    const [pid, ppid, pgid, stat, time, rss] = p;
    const started = Date.parse(p.slice(6, 11).join(' '));
    const cpuTicks = parseCpuTime(time ?? '') * fallbackUnits.clkTck;
    const fields: StatFields = {
      pid: Number(pid),
      comm: p.slice(11).join(' ').split('/').pop() ?? '',
      stateChar: (stat ?? '?')[0] === 'U' ? 'D' : ((stat ?? '?')[0] ?? '?'),
      ppid: Number(ppid),
      pgrp: Number(pgid),
      session: -1,
      ttyNr: -1,
      utime: cpuTicks,
      stime: 0,
      numThreads: 1,
      startTime: Number.isFinite(started) ? Math.round(started / 1000) : 0,
      rssPages: Number(rss) * 1024, // ps reports KiB; rssUnit is 1 byte for this source
      processor: -1,
      exitCode: null,
    };
    if (Number.isInteger(fields.pid)) table.set(fields.pid, fields);
  }
  return table;
}

/** "[[dd-]hh:]mm:ss[.cc]" → seconds. */
export function parseCpuTime(s: string): number {
  const [dayPart, rest] = s.includes('-') ? s.split('-') : ['0', s];
  const parts = (rest ?? '').split(':').map(Number);
  let secs = 0;
  for (const v of parts) secs = secs * 60 + (Number.isFinite(v) ? v : 0);
  return secs + Number(dayPart) * 86400;
}

/** Windows: only the tracked pids, one batched pidusage call; no states, no threads, no discovery beyond ppid. */
export class PidusageSource implements ProcSource {
  readonly live = false;
  readonly machineStats = false;
  readonly caps: SourceCaps = { ...NO_PROC_CAPS, states: false, notes: [say('caps.win-source'), say('caps.win-tree')] };
  cmdline(): string {
    return '';
  }
  user(): string | null {
    return null;
  }
  ctxSwitches(): number | null {
    return null;
  }
  readonly clkTck = fallbackUnits.clkTck;
  readonly rssUnit = fallbackUnits.rssUnit;
  readonly startedAtMs = fallbackUnits.startedAtMs;
  readonly reader = null;
  private table = new Map<number, StatFields>();
  /** The start time first read for each pid: see stableStart. */
  private starts = new Map<number, number>();
  async refresh(tracked: number[]): Promise<void> {
    this.table = new Map();
    for (const pid of this.starts.keys()) if (!tracked.includes(pid)) this.starts.delete(pid);
    if (!tracked.length) return;
    let stats: Record<string, pidusage.Status | undefined> = {};
    try {
      stats = (await pidusage(tracked)) as unknown as Record<string, pidusage.Status | undefined>;
    } catch {
      /* some pids vanished: they are simply absent */
    }
    for (const [k, s] of Object.entries(stats)) {
      if (!s) continue;
      this.table.set(Number(k), {
        pid: s.pid,
        comm: '',
        stateChar: '?',
        ppid: s.ppid,
        pgrp: -1,
        session: -1,
        ttyNr: -1,
        utime: Math.round((s.ctime / 1000) * fallbackUnits.clkTck),
        stime: 0,
        numThreads: 1,
        startTime: this.stableStart(s.pid, Math.round((s.timestamp - s.elapsed) / 1000)),
        rssPages: s.memory,
        processor: -1,
        exitCode: null,
      });
    }
  }
  /**
   * pidusage derives a start time from "now" minus the elapsed time, two clocks read a moment
   * apart (long apart on a busy machine), so the rounded second can flip between reads and the
   * same process would look like a new one (its run's root "gone"). A second read within 2 s of
   * the first is the same process; pid reuse inside 2 s cannot be told apart at this resolution.
   */
  private stableStart(pid: number, start: number): number {
    const first = this.starts.get(pid);
    if (first !== undefined && Math.abs(first - start) <= 2) return first;
    this.starts.set(pid, start);
    return start;
  }
  listPids(): number[] {
    return [...this.table.keys()];
  }
  read(pid: number): StatFields | null {
    return this.table.get(pid) ?? null;
  }
  /** No synchronous per-process query on Windows: the last tick's facts, if the pid still exists. */
  probe(pid: number): StatFields | null {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return null;
    }
    return this.table.get(pid) ?? null;
  }
  maybeNewPids(): boolean {
    return true;
  }
  retain(): void {}
  pssBytes(): number | null {
    return null;
  }
  envVar(): string | null {
    return null;
  }
  close(): void {
    pidusage.clear();
  }
}

export function createSource(): ProcSource {
  // Lets the fallback paths be exercised on Linux (tests, debugging).
  const forced = process.env.PROCLAB_PROC_SOURCE;
  if (forced === 'ps') return new PsSource();
  if (forced === 'pidusage') return new PidusageSource();
  if (hasProcfs()) return new ProcfsSource();
  if (process.platform === 'win32') return new PidusageSource();
  return new PsSource();
}
