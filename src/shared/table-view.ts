import type { ProcRow } from './model';
import { isKernelThread, parseQuery } from './query';

/**
 * The process table's order, filter and tree, pure: the host cuts each client's table with
 * it (so a client is sent only the rows it shows) and the renderer orders the tables it
 * builds itself (a run's own rows) with the same code.
 */

const STATE_ORDER: Record<string, number> = {
  running: 0,
  'disk-wait': 1,
  stopped: 2,
  zombie: 3,
  sleeping: 4,
  idle: 5,
  dead: 6,
  unknown: 7,
};

/** RSS as a table shows it: the peak once an exited run process reads 0. */
export function shownRss(r: ProcRow): number {
  return r.exited && r.usage ? r.usage.peakRss : r.rss;
}

export function shownThreads(r: ProcRow): number {
  return r.exited && r.usage ? r.usage.peakThreads : r.threads;
}

/** TIME+: the engine's figure, or the run journal's for a row rebuilt after the run ended. */
export function cpuTimeOf(r: ProcRow): number | undefined {
  return r.cpuTimeMs ?? r.usage?.cpuMs;
}

/**
 * Every key a table can be sorted by, as the value it sorts on. A new column plugs in by
 * adding its key here (the contract's enum is built from these keys).
 */
export const SORT_KEYS = {
  pid: (r) => r.pid,
  ppid: (r) => r.ppid,
  name: (r) => r.name.toLowerCase(),
  cmd: (r) => r.cmd.toLowerCase(),
  user: (r) => (r.user ?? '').toLowerCase(),
  state: (r) => (r.exited ? 10 : (STATE_ORDER[r.state] ?? 9)),
  cpu: (r) => r.cpu,
  mem: (r) => r.memPct ?? -1,
  // An exited run process reads 0 now: it sorts, and shows, by the most it held.
  rss: (r) => shownRss(r),
  virt: (r) => r.virt ?? -1,
  shr: (r) => r.shr ?? -1,
  threads: (r) => shownThreads(r),
  cputime: (r) => cpuTimeOf(r) ?? -1,
  // Absent values (another platform, an exited row) sort below every real one.
  ni: (r) => r.nice ?? -99,
  pri: (r) => r.priority ?? -999,
  core: (r) => r.lastCore ?? -1,
  io: (r) => (r.io ? r.io.readBps + r.io.writeBps : -1),
  net: (r) => (r.net ? (r.net.bytesSent ?? 0) + (r.net.bytesReceived ?? 0) : -1),
  started: (r) => r.startedAt,
  run: (r) => r.runId ?? '',
} satisfies Record<string, (r: ProcRow) => number | string>;

export type SortKey = keyof typeof SORT_KEYS;
export const SORT_KEY_NAMES = Object.keys(SORT_KEYS) as [SortKey, ...SortKey[]];
export type SortDir = 'asc' | 'desc';

export function isSortKey(k: string): k is SortKey {
  return Object.prototype.hasOwnProperty.call(SORT_KEYS, k);
}

/** A comparator for a key and direction; ties break by pid so the order is stable tick to tick. */
export function compareBy(key: SortKey, dir: SortDir): (a: ProcRow, b: ProcRow) => number {
  const get: (r: ProcRow) => number | string = SORT_KEYS[key];
  const sign = dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const va = get(a);
    const vb = get(b);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c !== 0 ? sign * c : a.pid - b.pid;
  };
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

/** One process row of a table in its place: its tree depth, children and whether it is its parent's last. */
export interface TableItem {
  row: ProcRow;
  depth: number;
  childCount: number;
  last: boolean;
}

export interface OrderOptions {
  mode: 'tree' | 'flat';
  sort: { key: SortKey; dir: SortDir };
  query: string;
  hideKernel?: boolean;
}

/** Every process row of the table in display order (threads are the renderer's to add). */
export function orderTable(rows: readonly ProcRow[], o: OrderOptions): TableItem[] {
  const scoped = o.hideKernel ? rows.filter((r) => !isKernelThread(r)) : rows;
  const m = parseQuery(o.query);
  const cmp = compareBy(o.sort.key, o.sort.dir);
  if (o.mode === 'flat') {
    const list = (m ? scoped.filter(m) : [...scoped]).sort(cmp);
    return list.map((row) => ({ row, depth: 0, childCount: 0, last: false }));
  }
  const out: TableItem[] = [];
  const walk = (list: TreeNode[], depth: number): void => {
    list.forEach((n, i) => {
      out.push({ row: n.row, depth, childCount: n.children.length, last: i === list.length - 1 });
      walk(n.children, depth + 1);
    });
  };
  walk(buildTree(m ? withAncestors(scoped, m) : scoped, cmp), 0);
  return out;
}

/** What a client asks of its table: order and filter, and the window of rows it shows. */
export interface TableSpec extends OrderOptions {
  hideKernel: boolean;
  /** First row of the window (index among the ordered rows) and how many rows from there. */
  offset: number;
  count: number;
  /** The client's own counter for this spec, echoed in every cut, so it can tell an older cut. */
  rev: number;
  /** The table is frozen: the host keeps cutting it from the tick it had when it froze. */
  frozen: boolean;
  /** A pid whose place in the order the client wants to know (the table's "follow"). */
  focusPid?: number | undefined;
  /** pids whose thread rows the client draws under them: counted, so rows keep their place as the window moves. */
  expanded?: number[] | undefined;
}

/** One client's table as the host cut it: the rows of its window, and the counts around them. */
export interface TableSlice {
  rev: number;
  /** Index of `items[0]` among the ordered rows. */
  offset: number;
  /** Rows the table orders (the filter's matches, plus their ancestors in tree mode). */
  matched: number;
  /** Rows in the client's scope before the filter (kernel threads left out when hidden). */
  total: number;
  items: TableItem[];
  frozen: boolean;
  /** The place of `focusPid` in the order, -1 when it is not there, absent when none was asked. */
  focusIndex?: number;
  /** Thread rows the client draws (its expanded rows') above and below the window. */
  extraBefore: number;
  extraAfter: number;
}

/**
 * The window of the ordered rows a spec asks for; an offset past the end is pulled back so the
 * last rows show. `extraRows` says how many rows the client draws under a row (its threads).
 */
export function cutTable(rows: readonly ProcRow[], spec: TableSpec, extraRows: (r: ProcRow) => number = () => 0): TableSlice {
  const ordered = orderTable(rows, spec);
  const total = spec.hideKernel ? rows.reduce((n, r) => n + (isKernelThread(r) ? 0 : 1), 0) : rows.length;
  const offset = Math.max(0, Math.min(spec.offset, ordered.length - spec.count));
  const slice: TableSlice = {
    rev: spec.rev,
    offset,
    matched: ordered.length,
    total,
    items: ordered.slice(offset, offset + spec.count),
    frozen: spec.frozen,
    extraBefore: 0,
    extraAfter: 0,
  };
  if (spec.expanded?.length) {
    const end = offset + slice.items.length;
    for (let i = 0; i < ordered.length; i++) {
      if (i >= offset && i < end) continue;
      const n = extraRows(ordered[i]!.row);
      if (i < offset) slice.extraBefore += n;
      else slice.extraAfter += n;
    }
  }
  if (spec.focusPid !== undefined) slice.focusIndex = ordered.findIndex((it) => it.row.pid === spec.focusPid);
  return slice;
}
