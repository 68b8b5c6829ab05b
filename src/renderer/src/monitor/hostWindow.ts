import { useEffect, useRef, useState } from 'react';
import type { TableSlice, TableSpec } from '../../../shared/table-view';
import { isSortKey } from '../../../shared/table-view';
import type { SortSpec } from './columns';

/** Rows asked for beyond those on screen, on each side, and how close to its edge the window may get before it moves. */
export const WINDOW_OVERSCAN = 20;
const MARGIN = 8;
const MIN_WINDOW = 60;

/**
 * Where the window should start so the rows on screen (process indices `first`..`last`) sit
 * inside it with rows to spare; the same offset while they still do, so small scrolls ask for nothing.
 */
export function nextWindow(current: { offset: number; count: number }, first: number, last: number, matched: number) {
  const count = Math.max(MIN_WINDOW, last - first + 1 + 2 * WINDOW_OVERSCAN);
  const end = current.offset + current.count;
  const fits =
    count <= current.count && (first >= current.offset + MARGIN || current.offset === 0) && (last < end - MARGIN || end >= matched);
  if (fits) return current;
  return { offset: Math.max(0, first - WINDOW_OVERSCAN), count };
}

/** A virtual row index as an index among the ordered process rows (thread rows only exist inside the window). */
function toProcIndex(i: number, slice: TableSlice | undefined, windowRows: number): number {
  if (!slice) return i;
  const base = slice.offset;
  if (i < base) return i;
  if (i < base + windowRows) return base + Math.floor(((i - base) * slice.items.length) / Math.max(1, windowRows));
  return i - (windowRows - slice.items.length);
}

interface Options {
  enabled: boolean;
  sort: SortSpec;
  mode: 'tree' | 'flat';
  query: string;
  hideKernel: boolean;
  frozen: boolean;
  focusPid: number | undefined;
  /** Virtual indices of the first and last rows drawn. */
  firstShown: number;
  lastShown: number;
  slice: TableSlice | undefined;
  windowRows: number;
}

/**
 * Tells the host what the Monitor's table shows: its order, filter, freeze and the window of
 * rows around the screen. Changes of one frame go as one `monitor.configure`, and the host
 * answers each with a fresh cut at once.
 */
export function useHostWindow(o: Options): void {
  const [win, setWin] = useState({ offset: 0, count: MIN_WINDOW });
  const rev = useRef(0);
  const first = toProcIndex(o.firstShown, o.slice, o.windowRows);
  const last = toProcIndex(o.lastShown, o.slice, o.windowRows);
  const matched = o.slice?.matched ?? Number.MAX_SAFE_INTEGER;
  const next = nextWindow(win, first, last, matched);
  useEffect(() => {
    if (next !== win) setWin(next);
  }, [next, win]);

  const key = isSortKey(o.sort.column) ? o.sort.column : 'pid';
  useEffect(() => {
    if (!o.enabled) return;
    const frame = requestAnimationFrame(() => {
      rev.current += 1;
      const table: TableSpec = {
        sort: { key, dir: o.sort.dir },
        mode: o.mode,
        query: o.query.slice(0, 500),
        hideKernel: o.hideKernel,
        offset: win.offset,
        count: win.count,
        rev: rev.current,
        frozen: o.frozen,
        ...(o.focusPid !== undefined && { focusPid: o.focusPid }),
      };
      window.proclab.configureMonitor({ table }).catch(() => undefined);
    });
    return () => cancelAnimationFrame(frame);
  }, [o.enabled, key, o.sort.dir, o.mode, o.query, o.hideKernel, o.frozen, o.focusPid, win.offset, win.count]);
}
