import type { ProcRow } from '../../../shared/model';
import type { MsgKey } from '../i18n/messages';
import { parseQuery } from './query';
import { compareBy, isSortKey, SORT_KEYS } from '../../../shared/table-view';

/** How a cell is drawn; the table has one renderer per kind. */
export type CellKind = 'int' | 'name' | 'state' | 'wait' | 'pct' | 'bytes' | 'time' | 'run' | 'opt-int' | 'io' | 'net';

export type ColumnId =
  'pid' | 'ppid' | 'name' | 'state' | 'wait' | 'cpu' | 'rss' | 'threads' | 'ni' | 'pri' | 'core' | 'io' | 'net' | 'started' | 'run';

/** A process-table column, as data: the table is built from this list. */
export interface ColumnDef {
  id: ColumnId;
  label: MsgKey;
  kind: CellKind;
  /** CSS grid track. */
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
  {
    id: 'name',
    label: 'col.name',
    kind: 'name',
    width: 'minmax(200px, 1fr)',
    align: 'left',
    sortValue: SORT_KEYS.name,
    defaultDir: 'asc',
  },
  {
    id: 'state',
    label: 'col.state',
    kind: 'state',
    width: '180px',
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
  { id: 'rss', label: 'col.rss', kind: 'bytes', width: '100px', align: 'right', sortValue: SORT_KEYS.rss, defaultDir: 'desc' },
  { id: 'threads', label: 'col.threads', kind: 'int', width: '64px', align: 'right', sortValue: SORT_KEYS.threads, defaultDir: 'desc' },
  { id: 'ni', label: 'col.ni', kind: 'opt-int', width: '48px', align: 'right', sortValue: SORT_KEYS.ni, defaultDir: 'desc' },
  { id: 'pri', label: 'col.pri', kind: 'opt-int', width: '48px', align: 'right', sortValue: SORT_KEYS.pri, defaultDir: 'desc' },
  { id: 'core', label: 'col.core', kind: 'opt-int', width: '52px', align: 'right', sortValue: SORT_KEYS.core, defaultDir: 'asc' },
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
  { id: 'run', label: 'col.run', kind: 'run', width: '120px', align: 'left', sortValue: SORT_KEYS.run, defaultDir: 'asc' },
];

/** A run's own table: every row is that run's, so the Run column would only repeat its name. */
export const RUN_VIEW_COLUMNS: readonly ColumnDef[] = PROC_COLUMNS.filter((c) => c.id !== 'run');

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
