import fs from 'node:fs';

/** /proc/<pid>/statm, in pages: total program size (VIRT), resident set, resident shared (SHR, htop's). */
export interface Statm {
  size: number;
  resident: number;
  shared: number;
}

/** "size resident shared text lib data dt"; null when the first three are not numbers. */
export function parseStatm(text: string): Statm | null {
  const [size, resident, shared] = text.trim().split(/\s+/, 3).map(Number);
  if (![size, resident, shared].every((n) => Number.isInteger(n) && n! >= 0)) return null;
  return { size: size!, resident: resident!, shared: shared! };
}

/** Null when the process is gone or the file is unreadable. */
export function readStatm(pid: number): Statm | null {
  try {
    return parseStatm(fs.readFileSync(`/proc/${pid}/statm`, 'latin1'));
  } catch {
    return null;
  }
}
