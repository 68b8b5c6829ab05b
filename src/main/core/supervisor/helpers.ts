import type { StatFields } from '../procfs';

/** Session leader with no controlling terminal: what a daemon looks like after setsid(). */
export const isDetachedLeader = (st: StatFields): boolean => st.session === st.pid && st.ttyNr === 0;

/** Stands in for the root's stat when it exited before /proc could be read, so the run still has a root row. */
export function fallbackStat(pid: number, ppid: number): StatFields {
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

export const fmtMs = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`);
export const fmtBytes = (b: number): string =>
  b >= 1024 ** 3 ? `${Math.round((b / 1024 ** 3) * 10) / 10} GiB` : `${Math.round(b / 1024 ** 2)} MiB`;
