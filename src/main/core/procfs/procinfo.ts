import fs from 'node:fs';
import { classifyFdTarget, type FdKind } from './sockets';
import { parseProcIo, type IoCounters } from './io';

/** Reads for one process that are too costly for every row of every tick: only for shown or tracked ones. */

export function readProcIo(pid: number): IoCounters | null {
  try {
    return parseProcIo(fs.readFileSync(`/proc/${pid}/io`, 'latin1'));
  } catch {
    return null;
  }
}

/** Target of /proc/<pid>/cwd or exe; null when gone or not permitted (another user's process). */
export function readProcLink(pid: number, which: 'cwd' | 'exe' | 'root'): string | null {
  try {
    return fs.readlinkSync(`/proc/${pid}/${which}`);
  } catch {
    return null;
  }
}

export interface FdEntry {
  fd: number;
  target: string;
  kind: FdKind;
  inode: number | null;
}

/** The process's open descriptors; null when /proc/<pid>/fd cannot be listed (gone, or not ours). */
export function readFds(pid: number, max = 4096): FdEntry[] | null {
  let names: string[];
  try {
    names = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  const out: FdEntry[] = [];
  for (const n of names.slice(0, max)) {
    try {
      const target = fs.readlinkSync(`/proc/${pid}/fd/${n}`);
      out.push({ fd: Number(n), target, ...classifyFdTarget(target) });
    } catch {
      /* closed between the listing and the read */
    }
  }
  return out.sort((a, b) => a.fd - b.fd);
}
