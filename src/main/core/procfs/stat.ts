import type { ProcState } from '../../../shared/model';

/** The fields of /proc/<pid>/stat (or /proc/<pid>/task/<tid>/stat) the engine uses. Times in clock ticks. */
export interface StatFields {
  pid: number;
  comm: string;
  /** Raw state letter, field 3. */
  stateChar: string;
  ppid: number;
  pgrp: number;
  session: number;
  ttyNr: number;
  utime: number;
  stime: number;
  numThreads: number;
  /** Field 22: clock ticks after boot; with pid it names one process for its whole life. */
  startTime: number;
  /** Resident pages (field 24). */
  rssPages: number;
  /** Field 39: CPU the task last ran on, -1 if absent. */
  processor: number;
  /** Field 52: wait(2)-style status; only meaningful while the task is a zombie, null on old kernels. */
  exitCode: number | null;
}

/**
 * Parses one stat line. The comm field is in parentheses and may itself contain spaces and
 * parentheses ("(a) b)"), so fields are split after the LAST ')' — the only safe anchor.
 * Returns null for anything that is not a stat line.
 */
export function parseStat(line: string): StatFields | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(line.slice(0, open).trim());
  const rest = line.slice(close + 2).trimEnd().split(' ');
  // rest[0] is field 3 (state); field n is rest[n - 3].
  if (!Number.isInteger(pid) || rest.length < 22) return null;
  const f = (n: number): number => Number(rest[n - 3]);
  return {
    pid,
    comm: line.slice(open + 1, close),
    stateChar: rest[0] ?? '?',
    ppid: f(4),
    pgrp: f(5),
    session: f(6),
    ttyNr: f(7),
    utime: f(14),
    stime: f(15),
    numThreads: f(20),
    startTime: f(22),
    rssPages: f(24),
    processor: rest.length >= 37 ? f(39) : -1,
    exitCode: rest.length >= 50 ? f(52) : null,
  };
}

/** Maps the kernel's state letter to ProcLab's words (see proc(5)). */
export function stateFromChar(c: string): ProcState {
  switch (c) {
    case 'R':
      return 'running';
    case 'S':
      return 'sleeping';
    case 'D':
      return 'disk-wait';
    case 'T':
    case 't':
      return 'stopped';
    case 'Z':
      return 'zombie';
    case 'X':
    case 'x':
      return 'dead';
    case 'I':
      return 'idle';
    default:
      return 'unknown';
  }
}

/** Splits a wait(2) status into an exit code or a signal number. */
export function decodeWaitStatus(status: number): { code: number | null; signal: number | null } {
  const sig = status & 0x7f;
  if (sig === 0) return { code: (status >> 8) & 0xff, signal: null };
  return { code: null, signal: sig };
}
