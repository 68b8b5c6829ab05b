/** The kernel's state letters (proc(5), /proc/<pid>/stat field 3) in ProcLab's words; one table for the sampler, the filter and the exporter. */
export const STATE_OF_LETTER = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-wait',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  X: 'dead',
  x: 'dead',
  I: 'idle',
} as const satisfies Record<string, string>;

/** ProcLab's words for a state (model.ts's ProcState; spelled here so the contract's types need not be imported). */
export type LetterState = (typeof STATE_OF_LETTER)[keyof typeof STATE_OF_LETTER] | 'unknown';

/** Maps the kernel's state letter to ProcLab's words; a letter it does not know is 'unknown'. */
export function stateFromChar(c: string): LetterState {
  return (STATE_OF_LETTER as Readonly<Record<string, LetterState>>)[c] ?? 'unknown';
}
