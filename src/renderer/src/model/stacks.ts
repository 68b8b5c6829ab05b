import type { RunInfo, SourceSite } from '../../../shared/model';
import type { StackSource, StackSourceName } from '../../../shared/stacks';

/**
 * Why a stack source gave nothing, as a short word the UI translates; the core's English reason
 * (with the tool's own message) stays beside it as the detail.
 */
export type StackWhy =
  | 'stacks.why.notPython'
  | 'stacks.why.pyspyMissing'
  | 'stacks.why.gdbMissing'
  | 'stacks.why.kernelRoot'
  | 'stacks.why.kernelNone'
  | 'stacks.why.ptrace'
  | 'stacks.why.notAsked'
  | 'stacks.why.bootstrap'
  | 'stacks.why.timeout'
  | 'stacks.why.other';

export function stackWhy(name: StackSourceName, s: StackSource): StackWhy | null {
  if (s.ok) return null;
  const why = s.why ?? '';
  if (/not a Python process/.test(why)) return 'stacks.why.notPython';
  if (/py-spy is not installed/.test(why)) return 'stacks.why.pyspyMissing';
  if (/gdb is not installed/.test(why)) return 'stacks.why.gdbMissing';
  if (name === 'kernel') return /refused|CAP_SYS_ADMIN|EPERM|EACCES/.test(why) ? 'stacks.why.kernelRoot' : 'stacks.why.kernelNone';
  if (/not asked/.test(why)) return 'stacks.why.notAsked';
  if (/ptrace|attach|Operation not permitted|Permission denied/i.test(why)) return 'stacks.why.ptrace';
  if (/did not finish within/.test(why)) return 'stacks.why.timeout';
  if (/bootstrap/.test(why)) return 'stacks.why.bootstrap';
  return 'stacks.why.other';
}

/** The file a scratchpad run's program was written to (its argv names it, relative to its own folder); null for other runs. */
export function scratchFile(run: Pick<RunInfo, 'source' | 'argv'> | null | undefined): string | null {
  if (!run?.source) return null;
  const name = run.argv[run.argv.length - 1];
  return name && !name.includes('/') ? name : null;
}

/** Is a frame's or a lock's file the scratchpad program itself (Python names it as it was started: relative)? */
export function isScratchSite(file: string | undefined, scratch: string | null, cwd?: string): boolean {
  if (!file || !scratch) return false;
  return file === scratch || (!!cwd && file === `${cwd}/${scratch}`);
}

/** A file as a reader knows it: relative to the run's folder when it is inside (Python names its main script absolute). */
export function shortFile(file: string, cwd?: string | null): string {
  return cwd && file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

/** A frame's file in a line of a stack: the run's own files relative, others (the standard library) by their name; the full path is the title. */
export function frameFile(file: string, cwd?: string | null): string {
  const short = shortFile(file, cwd);
  return short.startsWith('/') ? short.slice(short.lastIndexOf('/') + 1) : short;
}

export function siteText(s: SourceSite | null, cwd?: string | null): string {
  return s ? `${shortFile(s.file, cwd)}:${s.line}` : '?';
}
