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
  /** Field 9: the kernel's PF_* flags; absent where the source has no /proc. */
  flags?: number;
  utime: number;
  stime: number;
  numThreads: number;
  /** Fields 18/19: kernel priority as ps's PRI-style number (20 + nice for normal tasks) and nice; absent off procfs. */
  priority?: number;
  nice?: number;
  /** Field 22: clock ticks after boot; with pid it names one process for its whole life. */
  startTime: number;
  /** Resident pages (field 24). */
  rssPages: number;
  /** Virtual memory size in bytes (VIRT); absent from sources other than procfs. */
  vsizeBytes?: number;
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
  const bytes = Buffer.from(line, 'latin1');
  return parseStatBytes(bytes, bytes.length);
}

// Field numbers (1-based, as in proc(5)) the engine keeps, after the state letter (field 3).
const WANTED = new Int8Array(53);
// Scratch space reused by every parse (the parse is synchronous, so sharing is safe).
const FIELDS = new Float64Array(53);
for (const f of [4, 5, 6, 7, 9, 14, 15, 18, 19, 20, 22, 23, 24, 39, 52]) WANTED[f] = 1;

/**
 * The same parse straight from the bytes a kept descriptor returned: no string per field, only
 * the numbers that are used (this runs for every process on every tick).
 */
export function parseStatBytes(b: Uint8Array, len: number): StatFields | null {
  let open = -1;
  for (let i = 0; i < len; i++)
    if (b[i] === 0x28) {
      open = i;
      break;
    }
  let close = -1;
  for (let i = len - 1; i > open; i--)
    if (b[i] === 0x29) {
      close = i;
      break;
    }
  if (open < 1 || close < 0 || close + 2 >= len) return null;
  let pid = 0;
  for (let i = 0; i < open - 1; i++) {
    const c = b[i] as number;
    if (c < 48 || c > 57) return null;
    pid = pid * 10 + (c - 48);
  }
  const v = FIELDS;
  v.fill(0);
  const stateChar = String.fromCharCode(b[close + 2] as number);
  let field = 3;
  let i = close + 3;
  while (i < len && field < 52) {
    // Each iteration reads one space-separated field.
    if (b[i] !== 0x20) break;
    i++;
    field++;
    let neg = false;
    let n = 0;
    const start = i;
    if (b[i] === 0x2d) {
      neg = true;
      i++;
    }
    while (i < len && b[i] !== 0x20 && b[i] !== 0x0a) {
      if (WANTED[field]) n = n * 10 + ((b[i] as number) - 48);
      i++;
    }
    if (i === start) return null;
    v[field] = neg ? -n : n;
  }
  if (field < 24) return null;
  return {
    pid,
    comm: Buffer.from(b.buffer, b.byteOffset + open + 1, close - open - 1).toString('latin1'),
    stateChar,
    ppid: v[4] as number,
    pgrp: v[5] as number,
    session: v[6] as number,
    ttyNr: v[7] as number,
    flags: v[9] as number,
    utime: v[14] as number,
    stime: v[15] as number,
    numThreads: v[20] as number,
    priority: v[18] as number,
    nice: v[19] as number,
    startTime: v[22] as number,
    rssPages: v[24] as number,
    vsizeBytes: v[23] as number,
    processor: field >= 39 ? (v[39] as number) : -1,
    exitCode: field >= 52 ? (v[52] as number) : null,
  };
}

/** PF_KTHREAD (include/linux/sched.h): the task is a kernel thread. */
const PF_KTHREAD = 0x00200000;

/**
 * Kernel threads have no user space: a signal to one is accepted and ignored, so "sent" would be a
 * lie. kthreadd (PID 2) and everything it starts carry PF_KTHREAD; kthreadd is also known by name,
 * since inside a PID namespace "PID 2" is an ordinary process and must not be caught by number.
 */
export function isKernelThread(st: Pick<StatFields, 'pid' | 'ppid' | 'comm' | 'flags'>): boolean {
  if (st.pid === 2 && st.ppid === 0 && st.comm === 'kthreadd') return true;
  // Flags are up to 32 bits unsigned: arithmetic, since `&` would wrap past 2^31.
  return st.flags !== undefined && Math.floor(st.flags / PF_KTHREAD) % 2 === 1;
}

// The state letters' table is the contract's (src/shared/proc-state.ts); re-exported for the procfs readers' callers.
export { stateFromChar } from '../../../shared/proc-state';

/** Splits a wait(2) status into an exit code or a signal number. */
export function decodeWaitStatus(status: number): { code: number | null; signal: number | null } {
  const sig = status & 0x7f;
  if (sig === 0) return { code: (status >> 8) & 0xff, signal: null };
  return { code: null, signal: sig };
}
