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
  // Fast path: link every node to its parent. Without a ppid cycle every node is then reached
  // from the roots; a cycle (pid reuse, rare) leaves its nodes unreached: link again, cycles as roots.
  let roots = link(nodes, null);
  if (sortRec(roots, compare) !== nodes.size) {
    for (const n of nodes.values()) n.children = [];
    roots = link(nodes, nodesOnCycles(nodes));
    sortRec(roots, compare);
  }
  return roots;
}

/** Puts each node under its parent, or among the roots (no parent, or on a cycle: it would be its own ancestor). */
function link(nodes: Map<number, TreeNode>, cyclic: Set<TreeNode> | null): TreeNode[] {
  const roots: TreeNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.row.ppid !== n.row.pid ? nodes.get(n.row.ppid) : undefined;
    if (parent && !cyclic?.has(n)) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

/** Sorts siblings at every level; returns how many nodes it reached. */
function sortRec(list: TreeNode[], compare: (a: ProcRow, b: ProcRow) => number): number {
  if (list.length > 1) list.sort((a, b) => compare(a.row, b.row));
  let count = list.length;
  for (const n of list) if (n.children.length) count += sortRec(n.children, compare);
  return count;
}

/**
 * The nodes that lie on a cycle of parent links (a node whose parent chain leads back to it).
 * Each node is walked once (O(n)): one walk follows parents until it meets a node already
 * settled, or one on its own path, which closes a cycle.
 */
function nodesOnCycles(nodes: Map<number, TreeNode>): Set<TreeNode> {
  const IN_PATH = 1;
  const DONE = 2;
  const mark = new Map<TreeNode, number>();
  const cyclic = new Set<TreeNode>();
  const path: TreeNode[] = [];
  for (const start of nodes.values()) {
    let cur: TreeNode | undefined = start;
    while (cur && !mark.has(cur)) {
      mark.set(cur, IN_PATH);
      path.push(cur);
      cur = cur.row.ppid !== cur.row.pid ? nodes.get(cur.row.ppid) : undefined;
    }
    if (cur && mark.get(cur) === IN_PATH) for (let i = path.lastIndexOf(cur); i < path.length; i++) cyclic.add(path[i]!);
    for (const n of path) mark.set(n, DONE);
    path.length = 0;
  }
  return cyclic;
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
