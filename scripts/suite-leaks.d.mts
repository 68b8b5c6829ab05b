export const SUITE_VAR: string;
export function newSuiteId(): string;
export interface MarkedProcess {
  pid: number;
  state: string;
  cmd: string;
}
export function findMarked(id: string, opts?: { exclude?: number[] }): MarkedProcess[];
export function endMarked(id: string, opts?: { exclude?: number[] }): MarkedProcess[];
