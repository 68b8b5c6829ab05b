import type { ProcRow } from '../../../shared/model';
import type { MsgKey } from '../i18n/messages';
import { parseQuery } from './query';

/** How a cell is drawn; the table has one renderer per kind. */
export type CellKind = 'int' | 'name' | 'state' | 'wait' | 'pct' | 'bytes' | 'time' | 'run' | 'opt-int' | 'io' | 'net' | 'cputime';

export type ColumnId =
  | 'pid'
  | 'ppid'
  | 'name'
  | 'state'
  | 'wait'
  | 'cpu'
  | 'rss'
  | 'threads'
  | 'cputime'
  | 'ni'
  | 'pri'
  | 'core'
  | 'io'
  | 'net'
  | 'started'
  | 'run';

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

export const PROC_COLUMNS: readonly ColumnDef[] = [
  { id: 'pid', label: 'col.pid', kind: 'int', width: '64px', align: 'right', sortValue: (r) => r.pid, defaultDir: 'asc' },
  { id: 'ppid', label: 'col.ppid', kind: 'int', width: '64px', align: 'right', sortValue: (r) => r.ppid, defaultDir: 'asc' },
  {
    id: 'name',
    label: 'col.name',
    kind: 'name',
    width: 'minmax(200px, 1fr)',
    align: 'left',
    sortValue: (r) => r.name.toLowerCase(),
    defaultDir: 'asc',
  },
  {
    id: 'state',
    label: 'col.state',
    kind: 'state',
    width: '180px',
    align: 'left',
    sortValue: (r) => (r.exited ? 10 : (STATE_ORDER[r.state] ?? 9)),
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
  { id: 'cpu', label: 'col.cpu', kind: 'pct', width: '110px', align: 'right', sortValue: (r) => r.cpu, defaultDir: 'desc' },
  // An exited run process reads 0 now: it sorts, and shows, by the most it held.
  { id: 'rss', label: 'col.rss', kind: 'bytes', width: '100px', align: 'right', sortValue: (r) => shownRss(r), defaultDir: 'desc' },
  {
    id: 'threads',
    label: 'col.threads',
    kind: 'int',
    width: '64px',
    align: 'right',
    sortValue: (r) => shownThreads(r),
    defaultDir: 'desc',
  },
  // Absent values (another platform, an exited row) sort below every real one.
  { id: 'ni', label: 'col.ni', kind: 'opt-int', width: '48px', align: 'right', sortValue: (r) => r.nice ?? -99, defaultDir: 'desc' },
  { id: 'pri', label: 'col.pri', kind: 'opt-int', width: '48px', align: 'right', sortValue: (r) => r.priority ?? -999, defaultDir: 'desc' },
  { id: 'core', label: 'col.core', kind: 'opt-int', width: '52px', align: 'right', sortValue: (r) => r.lastCore ?? -1, defaultDir: 'asc' },
  {
    id: 'io',
    label: 'col.io',
    kind: 'io',
    width: '96px',
    align: 'right',
    sortValue: (r) => (r.io ? r.io.readBps + r.io.writeBps : -1),
    defaultDir: 'desc',
  },
  {
    id: 'net',
    label: 'col.net',
    kind: 'net',
    width: '136px',
    align: 'right',
    sortValue: (r) => (r.net ? (r.net.bytesSent ?? 0) + (r.net.bytesReceived ?? 0) : -1),
    defaultDir: 'desc',
  },
  { id: 'started', label: 'col.started', kind: 'time', width: '84px', align: 'right', sortValue: (r) => r.startedAt, defaultDir: 'desc' },
  { id: 'run', label: 'col.run', kind: 'run', width: '120px', align: 'left', sortValue: (r) => r.runId ?? '', defaultDir: 'asc' },
];

/** Only a run's processes carry their CPU time (`usage`), so only the run view has the column. */
const CPU_TIME_COLUMN: ColumnDef = {
  id: 'cputime',
  label: 'col.cputime',
  kind: 'cputime',
  width: '80px',
  align: 'right',
  sortValue: (r) => r.usage?.cpuMs ?? -1,
  defaultDir: 'desc',
};

export function columnById(id: ColumnId): ColumnDef {
  return id === 'cputime' ? CPU_TIME_COLUMN : PROC_COLUMNS.find((c) => c.id === id)!;
}

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
  const c = columnById(id);
  const width = RUN_VIEW_WIDTHS[id];
  return width ? { ...c, width } : c;
});

/** RSS as the table shows it: the peak once an exited run process reads 0. */
export function shownRss(r: ProcRow): number {
  return r.exited && r.usage ? r.usage.peakRss : r.rss;
}

export function shownThreads(r: ProcRow): number {
  return r.exited && r.usage ? r.usage.peakThreads : r.threads;
}

/** Clicking a header: same column flips the direction, another column starts at its default. */
export function nextSort(current: SortSpec, column: ColumnId): SortSpec {
  if (current.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: columnById(column).defaultDir };
}

/** A comparator for the spec; ties break by pid so the order is stable tick to tick. */
export function comparator(spec: SortSpec): (a: ProcRow, b: ProcRow) => number {
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
