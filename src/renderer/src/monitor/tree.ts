import type { ProcRow, ThreadRow } from '../../../shared/model';
import { comparator, matcher, type SortSpec } from './columns';

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

export interface TreeNode {
  row: ProcRow;
  children: TreeNode[];
}

/**
 * Parent/child forest of the rows: a row whose ppid is not among the rows is a root.
 * Siblings are ordered by `compare`. A cycle (pid reuse) cannot loop: each row is placed once.
 */
export function buildTree(rows: readonly ProcRow[], compare: (a: ProcRow, b: ProcRow) => number): TreeNode[] {
  const nodes = new Map<number, TreeNode>();
  for (const r of rows) nodes.set(r.pid, { row: r, children: [] });
  const roots: TreeNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.row.ppid !== n.row.pid ? nodes.get(n.row.ppid) : undefined;
    if (parent && !isAncestor(n, parent, nodes)) parent.children.push(n);
    else roots.push(n);
  }
  const sortRec = (list: TreeNode[]): void => {
    list.sort((a, b) => compare(a.row, b.row));
    for (const n of list) sortRec(n.children);
  };
  sortRec(roots);
  return roots;
}

/** True if `candidate` would be a descendant of `node` (guards against ppid cycles). */
function isAncestor(node: TreeNode, candidate: TreeNode, nodes: Map<number, TreeNode>): boolean {
  let cur: TreeNode | undefined = candidate;
  const seen = new Set<number>();
  while (cur && !seen.has(cur.row.pid)) {
    if (cur.row.pid === node.row.pid) return true;
    seen.add(cur.row.pid);
    cur = cur.row.ppid !== cur.row.pid ? nodes.get(cur.row.ppid) : undefined;
  }
  return false;
}

/** Rows matching the filter plus, in tree mode, their ancestors (so the path to a match shows). */
function withAncestors(rows: readonly ProcRow[], keep: (r: ProcRow) => boolean): ProcRow[] {
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const included = new Set<number>();
  for (const r of rows) {
    if (!keep(r)) continue;
    let cur: ProcRow | undefined = r;
    while (cur && !included.has(cur.pid)) {
      included.add(cur.pid);
      cur = cur.ppid !== cur.pid ? byPid.get(cur.ppid) : undefined;
    }
  }
  return rows.filter((r) => included.has(r.pid));
}

function pushThreads(out: FlatRow[], pid: number, depth: number, opts: ViewOptions): void {
  if (!opts.expanded.has(pid)) return;
  const threads = opts.threads[pid];
  if (!threads) {
    out.push({ kind: 'threads-loading', key: `tl-${pid}`, pid, depth });
    return;
  }
  for (const t of [...threads].sort((a, b) => a.tid - b.tid)) out.push({ kind: 'thread', key: `t-${pid}-${t.tid}`, thread: t, depth });
}

/** The rows the virtualized table draws, in order: processes (tree or flat) with their expanded threads. */
export function visibleRows(rows: readonly ProcRow[], opts: ViewOptions): FlatRow[] {
  const m = matcher(opts.query);
  const cmp = comparator(opts.sort);
  const out: FlatRow[] = [];
  if (opts.mode === 'flat') {
    const list = (m ? rows.filter(m) : [...rows]).sort(cmp);
    for (const r of list) {
      out.push({ kind: 'proc', key: `p-${r.pid}-${r.startTime}`, row: r, depth: 0, childCount: 0, last: false });
      pushThreads(out, r.pid, 1, opts);
    }
    return out;
  }
  const roots = buildTree(m ? withAncestors(rows, m) : rows, cmp);
  const walk = (list: TreeNode[], depth: number): void => {
    list.forEach((n, i) => {
      out.push({
        kind: 'proc',
        key: `p-${n.row.pid}-${n.row.startTime}`,
        row: n.row,
        depth,
        childCount: n.children.length,
        last: i === list.length - 1,
      });
      pushThreads(out, n.row.pid, depth + 1, opts);
      walk(n.children, depth + 1);
    });
  };
  walk(roots, 0);
  return out;
}
