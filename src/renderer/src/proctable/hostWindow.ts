import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../../shared/api';
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

/**
 * A drawn row's index as an index among the ordered process rows. Outside the window the host
 * only counts the expanded rows' threads, so there the place is shared out evenly.
 */
export function toProcIndex(i: number, slice: TableSlice | undefined, windowRows: number): number {
  if (!slice) return i;
  const { offset, extraBefore, extraAfter, items, matched } = slice;
  const before = offset + extraBefore;
  const scale = (x: number, procs: number, drawn: number): number => Math.floor((x * procs) / Math.max(1, drawn));
  if (i < before) return scale(i, offset, before);
  if (i < before + windowRows) return offset + scale(i - before, items.length, windowRows);
  const rest = matched - offset - items.length;
  return offset + items.length + Math.min(rest, scale(i - before - windowRows, rest, rest + extraAfter));
}

/** The other way: where the process row at `at` in the order is drawn (approximately, outside the window). */
export function procToVirtual(at: number, slice: TableSlice, windowRows: number): number {
  const { offset, extraBefore, extraAfter, items, matched } = slice;
  const before = offset + extraBefore;
  if (at < offset) return Math.ceil((at * before) / Math.max(1, offset));
  if (at < offset + items.length) return before + Math.ceil(((at - offset) * windowRows) / Math.max(1, items.length));
  const rest = matched - offset - items.length;
  return before + windowRows + Math.ceil(((at - offset - items.length) * (rest + extraAfter)) / Math.max(1, rest));
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
  /** pids whose threads the table draws (the host counts them outside the window). */
  expanded: ReadonlySet<number>;
}

/**
 * Tells the host what the Monitor's table shows: its order, filter, freeze and the window of
 * rows around the screen. Changes of one frame go as one `monitor.configure`, and the host
 * answers each with a fresh cut at once.
 */
export function useHostWindow(o: Options): HostRefusal | null {
  const [win, setWin] = useState({ offset: 0, count: MIN_WINDOW });
  const [refused, setRefused] = useState<HostRefusal | null>(null);
  const rev = useRef(0);
  const first = toProcIndex(o.firstShown, o.slice, o.windowRows);
  const last = toProcIndex(o.lastShown, o.slice, o.windowRows);
  const matched = o.slice?.matched ?? Number.MAX_SAFE_INTEGER;
  const next = nextWindow(win, first, last, matched);
  useEffect(() => {
    if (next !== win) setWin(next);
  }, [next, win]);

  const key = isSortKey(o.sort.column) ? o.sort.column : 'pid';
  const expanded = [...o.expanded]
    .sort((a, b) => a - b)
    .slice(0, 64)
    .join(',');
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
        ...(expanded && { expanded: expanded.split(',').map(Number) }),
      };
      const query = table.query;
      window.proclab.configureMonitor({ table }).then(
        () => setRefused(null),
        (e: unknown) => {
          // The host refuses a query it cannot match (a regex RE2 cannot run): the user is told why.
          const why = describeError(e).issues?.find((i) => /(^|\.)query$/.test(i.path));
          if (why) setRefused({ query, reason: why.message });
        },
      );
    });
    return () => cancelAnimationFrame(frame);
  }, [o.enabled, key, o.sort.dir, o.mode, o.query, o.hideKernel, o.frozen, o.focusPid, expanded, win.offset, win.count]);
  // Only while the box still holds the query that was refused.
  return o.enabled && refused?.query === o.query.slice(0, 500) ? refused : null;
}

/** A filter query the host refused, and its reason in the host's words. */
export interface HostRefusal {
  query: string;
  reason: string;
}
