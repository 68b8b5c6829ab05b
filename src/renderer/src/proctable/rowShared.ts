import type { CSSProperties } from 'react';
import type { ProcRow } from '../../../shared/model';

/** Fixed so the virtualizer never has to measure: process, thread and placeholder rows alike. */
export const ROW_H = 32;

export function rowStyle(gridStyle: CSSProperties, top: number): CSSProperties {
  return { ...gridStyle, transform: `translateY(${top}px)`, height: ROW_H };
}

/** Each tick brings a new exit object for an ended process; equal contents draw the same. */
export function sameExit(x: ProcRow['exited'], y: ProcRow['exited']): boolean {
  return x === y || (x?.signal === y?.signal && x?.code === y?.code && x?.by === y?.by);
}
