import type { ProcState } from './model';

/** The kernel's state letters (proc(5), /proc/<pid>/stat field 3) in ProcLab's words; one table for the sampler, the filter and the exporter. */
export const STATE_OF_LETTER: Readonly<Record<string, ProcState>> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-wait',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  X: 'dead',
  x: 'dead',
  I: 'idle',
};

/** Maps the kernel's state letter to ProcLab's words; a letter it does not know is 'unknown'. */
export function stateFromChar(c: string): ProcState {
  return STATE_OF_LETTER[c] ?? 'unknown';
}
