import type { ProcRow } from '../../../shared/model';
import type { MsgKey } from '../i18n/messages';
import { parseQuery } from './query';
import { compareBy, cpuTimeOf, isSortKey, shownRss, shownThreads, SORT_KEYS } from '../../../shared/table-view';

export { cpuTimeOf, shownRss, shownThreads };

/** How a cell is drawn; the table has one renderer per kind. */
export type CellKind =
  | 'int'
  | 'name'
  | 'state'
  | 'wait'
  | 'pct'
  | 'bytes'
  | 'opt-bytes'
  | 'time'
  | 'run'
  | 'opt-int'
  | 'io'
  | 'net'
  | 'user'
  | 'mem-pct'
  | 'cpu-time';

export type ColumnId =
  | 'pid'
  | 'ppid'
  | 'user'
  | 'name'
  | 'state'
  | 'wait'
  | 'cpu'
  | 'mem'
  | 'rss'
  | 'virt'
  | 'shr'
  | 'threads'
  | 'ni'
  | 'pri'
  | 'core'
  | 'cputime'
  | 'io'
  | 'net'
  | 'started'
  | 'run';

/** A process-table column, as data: the table is built from this list. */
export interface ColumnDef {
  id: ColumnId;
  label: MsgKey;
  /** The header's tooltip where the short label needs saying in words. */
  help?: MsgKey;
  kind: CellKind;
  /** CSS grid track: a fixed px width, or `minmax(<px>px, 1fr)` for the one column that takes the rest. */
  width: string;
  align: 'left' | 'right';
  sortValue: (r: ProcRow) => number | string;
  /** Numeric columns sort biggest first on the first click. */
  defaultDir: SortDir;
  /** False for a column only thread rows fill: sorting processes by it would order nothing. */
  sortable?: false;
}

export type SortDir = 'asc' | 'desc';
export interface SortSpec {
  column: ColumnId;
  dir: SortDir;
}

// A sortable column's id is its key in the shared SORT_KEYS, so the host can sort a client's table by it.
export const PROC_COLUMNS: readonly ColumnDef[] = [
  { id: 'pid', label: 'col.pid', kind: 'int', width: '64px', align: 'right', sortValue: SORT_KEYS.pid, defaultDir: 'asc' },
  { id: 'ppid', label: 'col.ppid', kind: 'int', width: '64px', align: 'right', sortValue: SORT_KEYS.ppid, defaultDir: 'asc' },
  // Unknown owners (ps/pidusage sources) sort together, first when ascending.
  {
    id: 'user',
    label: 'col.user',
    help: 'col.help.user',
    kind: 'user',
    width: '80px',
    align: 'left',
    sortValue: SORT_KEYS.user,
    defaultDir: 'asc',
  },
  {
    id: 'name',
    label: 'col.name',
    kind: 'name',
    width: 'minmax(220px, 1fr)',
    align: 'left',
    sortValue: SORT_KEYS.name,
    defaultDir: 'asc',
  },
  {
    id: 'state',
    label: 'col.state',
    kind: 'state',
    width: '170px',
    align: 'left',
    sortValue: SORT_KEYS.state,
    defaultDir: 'asc',
  },
  // Why a thread is not running: a property of threads, so process rows leave it empty.
  {
    id: 'wait',
    label: 'col.wait',
    kind: 'wait',
    width: '150px',
    align: 'left',
    sortValue: () => '',
    defaultDir: 'asc',
    sortable: false,
  },
  { id: 'cpu', label: 'col.cpu', kind: 'pct', width: '110px', align: 'right', sortValue: SORT_KEYS.cpu, defaultDir: 'desc' },
  {
    id: 'mem',
    label: 'col.mem',
    help: 'col.help.mem',
    kind: 'mem-pct',
    width: '72px',
    align: 'right',
    sortValue: SORT_KEYS.mem,
    defaultDir: 'desc',
  },
  // An exited run process reads 0 now: it sorts, and shows, by the most it held.
  { id: 'rss', label: 'col.rss', kind: 'bytes', width: '120px', align: 'right', sortValue: SORT_KEYS.rss, defaultDir: 'desc' },
  // htop's VIRT and SHR: the host reads SHR (/proc/<pid>/statm) only for the rows on screen.
  {
    id: 'virt',
    label: 'col.virt',
    help: 'col.help.virt',
    kind: 'opt-bytes',
    width: '84px',
    align: 'right',
    sortValue: SORT_KEYS.virt,
    defaultDir: 'desc',
  },
  {
    id: 'shr',
    label: 'col.shr',
    help: 'col.help.shr',
    kind: 'opt-bytes',
    width: '84px',
    align: 'right',
    sortValue: SORT_KEYS.shr,
    defaultDir: 'desc',
  },
  {
    id: 'threads',
    label: 'col.threads',
    kind: 'int',
    width: '80px',
    align: 'right',
    sortValue: SORT_KEYS.threads,
    defaultDir: 'desc',
  },
  // Absent values (another platform, an exited row) sort below every real one.
  { id: 'ni', label: 'col.ni', kind: 'opt-int', width: '48px', align: 'right', sortValue: SORT_KEYS.ni, defaultDir: 'desc' },
  { id: 'pri', label: 'col.pri', kind: 'opt-int', width: '48px', align: 'right', sortValue: SORT_KEYS.pri, defaultDir: 'desc' },
  { id: 'core', label: 'col.core', kind: 'opt-int', width: '52px', align: 'right', sortValue: SORT_KEYS.core, defaultDir: 'asc' },
  {
    id: 'cputime',
    label: 'col.cputime',
    help: 'col.help.cputime',
    kind: 'cpu-time',
    width: '88px',
    align: 'right',
    sortValue: SORT_KEYS.cputime,
    defaultDir: 'desc',
  },
  {
    id: 'io',
    label: 'col.io',
    kind: 'io',
    width: '96px',
    align: 'right',
    sortValue: SORT_KEYS.io,
    defaultDir: 'desc',
  },
  {
    id: 'net',
    label: 'col.net',
    kind: 'net',
    width: '136px',
    align: 'right',
    sortValue: SORT_KEYS.net,
    defaultDir: 'desc',
  },
  { id: 'started', label: 'col.started', kind: 'time', width: '84px', align: 'right', sortValue: SORT_KEYS.started, defaultDir: 'desc' },
  { id: 'run', label: 'col.run', kind: 'run', width: '112px', align: 'left', sortValue: SORT_KEYS.run, defaultDir: 'asc' },
];

/** A run's own table: every row is that run's, so the Run column would only repeat its name. */
/**
 * A run's own table: every row is that run's, so the Run column would only repeat its name; its
 * story (peak RSS and threads, CPU time, how it ended in State) comes right after the state, so
 * it stays in view at 1024 px where the table scrolls sideways.
 */
const RUN_VIEW_ORDER: readonly ColumnId[] = [
  'pid',
  'ppid',
  'name',
  'state',
  'rss',
  'threads',
  'cputime',
  'cpu',
  'wait',
  'user',
  'mem',
  'virt',
  'shr',
  'ni',
  'pri',
  'core',
  'io',
  'net',
  'started',
];
/** Wider here than in Monitor: an exited row adds "peak" after the figure, and how it ended to its state. */
const RUN_VIEW_WIDTHS: Partial<Record<ColumnId, string>> = { state: '240px', rss: '136px', threads: '84px' };
export const RUN_VIEW_COLUMNS: readonly ColumnDef[] = RUN_VIEW_ORDER.map((id) => {
  const c = PROC_COLUMNS.find((x) => x.id === id)!;
  const width = RUN_VIEW_WIDTHS[id];
  return width ? { ...c, width } : c;
});

/** The row's Actions track, after the columns. */
export const ACTIONS_WIDTH = 168;

/** Which table a column set belongs to: the Monitor's and a run's are chosen (and remembered) apart. */
export type TableKind = 'monitor' | 'run';

/**
 * What fits at 1440 px beside the Actions column (and scrolls sideways, PID and name held,
 * below that): the rest are one click away in the column chooser.
 */
export const DEFAULT_COLUMNS: Record<TableKind, readonly ColumnId[]> = {
  monitor: ['pid', 'user', 'name', 'state', 'cpu', 'mem', 'rss', 'threads', 'ni', 'cputime', 'run'],
  run: ['pid', 'ppid', 'name', 'state', 'wait', 'cpu', 'rss', 'threads', 'cputime', 'core'],
};

/** The name column says which row is which: it cannot be hidden. */
export const ALWAYS_SHOWN: ReadonlySet<ColumnId> = new Set(['pid', 'name']);

export function columnsFor(kind: TableKind): readonly ColumnDef[] {
  return kind === 'run' ? RUN_VIEW_COLUMNS : PROC_COLUMNS;
}

/** The chosen ids in the table's column order; unknown ids are dropped, the fixed ones kept. */
export function visibleColumns(kind: TableKind, chosen: readonly string[]): ColumnDef[] {
  const want = new Set(chosen);
  return columnsFor(kind).filter((c) => ALWAYS_SHOWN.has(c.id) || want.has(c.id));
}

/** The least width a row needs: every fixed track, the flexible one at its minimum, and Actions. */
export function rowMinWidth(columns: readonly ColumnDef[]): number {
  let sum = ACTIONS_WIDTH;
  for (const c of columns) sum += Number(/(\d+)px/.exec(c.width)?.[1] ?? 0);
  return sum;
}

const STORAGE_PREFIX = 'proclab.columns.';

/** A stored choice, read back defensively: anything that is not a list of known ids is the default. */
export function parseStoredColumns(kind: TableKind, text: string | null): ColumnId[] {
  const fallback = [...DEFAULT_COLUMNS[kind]];
  if (text === null) return fallback;
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return fallback;
    const known = new Set<string>(columnsFor(kind).map((c) => c.id));
    const ids = v.filter((x): x is ColumnId => typeof x === 'string' && known.has(x));
    return ids.length ? ids : fallback;
  } catch {
    return fallback;
  }
}

export function loadColumns(kind: TableKind): ColumnId[] {
  try {
    return parseStoredColumns(kind, localStorage.getItem(STORAGE_PREFIX + kind));
  } catch {
    return [...DEFAULT_COLUMNS[kind]];
  }
}

export function saveColumns(kind: TableKind, ids: readonly ColumnId[]): void {
  try {
    localStorage.setItem(STORAGE_PREFIX + kind, JSON.stringify(ids));
  } catch {
    /* private mode: the choice lasts for this session */
  }
}

export function columnById(id: ColumnId): ColumnDef {
  return PROC_COLUMNS.find((c) => c.id === id)!;
}

/** Clicking a header: same column flips the direction, another column starts at its default. */
export function nextSort(current: SortSpec, column: ColumnId): SortSpec {
  if (current.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: columnById(column).defaultDir };
}

/** A comparator for the spec; ties break by pid so the order is stable tick to tick. */
export function comparator(spec: SortSpec): (a: ProcRow, b: ProcRow) => number {
  if (isSortKey(spec.column)) return compareBy(spec.column, spec.dir);
  const col = columnById(spec.column);
  const sign = spec.dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const va = col.sortValue(a);
    const vb = col.sortValue(b);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c !== 0 ? sign * c : a.pid - b.pid;
  };
}

export function sortRows(rows: readonly ProcRow[], spec: SortSpec): ProcRow[] {
  return [...rows].sort(comparator(spec));
}

/** The filter's query language lives in query.ts (field:value, comparisons, regexes, negation). */
export const matcher = parseQuery;

export function filterRows(rows: readonly ProcRow[], query: string): ProcRow[] {
  const m = matcher(query);
  return m ? rows.filter(m) : [...rows];
}
