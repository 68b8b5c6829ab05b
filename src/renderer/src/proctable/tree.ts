import type { ProcRow, ThreadRow } from '../../../shared/model';
import { isSortKey, orderTable, type TableItem } from '../../../shared/table-view';
import type { SortSpec } from './columns';

// Tree building lives in the shared table view, which the host cuts clients' tables with.
export { buildTree, type TreeNode } from '../../../shared/table-view';

export type FlatRow =
  | { kind: 'proc'; key: string; row: ProcRow; depth: number; childCount: number; last: boolean }
  | { kind: 'thread'; key: string; thread: ThreadRow; depth: number }
  | { kind: 'threads-loading'; key: string; pid: number; depth: number };

export interface ViewOptions {
  mode: 'tree' | 'flat';
  sort: SortSpec;
  query: string;
  /** pids whose thread rows are shown. */
  expanded: ReadonlySet<number>;
  threads: Record<number, ThreadRow[]>;
}

function pushThreads(out: FlatRow[], pid: number, depth: number, opts: Pick<ViewOptions, 'expanded' | 'threads'>): void {
  if (!opts.expanded.has(pid)) return;
  const threads = opts.threads[pid];
  if (!threads) {
    out.push({ kind: 'threads-loading', key: `tl-${pid}`, pid, depth });
    return;
  }
  for (const t of [...threads].sort((a, b) => a.tid - b.tid)) out.push({ kind: 'thread', key: `t-${pid}-${t.tid}`, thread: t, depth });
}

/** Ordered process rows (from the host's cut, or ordered here) with the threads of the expanded ones after each. */
export function withThreads(items: readonly TableItem[], opts: Pick<ViewOptions, 'expanded' | 'threads'>): FlatRow[] {
  const out: FlatRow[] = [];
  for (const it of items) {
    out.push({ kind: 'proc', key: `p-${it.row.pid}-${it.row.startTime}`, ...it });
    pushThreads(out, it.row.pid, it.depth + 1, opts);
  }
  return out;
}

/** The rows the virtualized table draws, in order: processes (tree or flat) with their expanded threads. */
export function visibleRows(rows: readonly ProcRow[], opts: ViewOptions): FlatRow[] {
  const key = isSortKey(opts.sort.column) ? opts.sort.column : 'pid';
  return withThreads(orderTable(rows, { mode: opts.mode, sort: { key, dir: opts.sort.dir }, query: opts.query }), opts);
}
