import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ProcRow, ThreadRow } from '../../../shared/model';
import type { SignalAction } from '../../../shared/commands';
import { Badge, RowBadges } from '../badges/StateBadge';
import { ACTIONS, isActionEnabled, outcomeBy, outcomeText } from '../control/actions';
import { useControl } from '../control/ControlProvider';
import { useI18n } from '../i18n/I18nProvider';
import type { TFn } from '../i18n/translate';
import { commandForKey, isEditableTarget } from '../keyboard/shortcuts';
import { store, useStore } from '../store/hooks';
import { fmtBytes, fmtClock, fmtPct } from '../ui/format';
import { nextSort, PROC_COLUMNS, type ColumnDef, type SortSpec } from './columns';
import { createThreadWatch } from './threadWatch';
import { visibleRows, type FlatRow } from './tree';
import './table.css';

const ROW_H = 32;
const ACTION_ICONS: Record<SignalAction, string> = { stop: '❚❚', continue: '▶', terminate: '■', kill: '✕', 'kill-tree': '✕✕' };
const EMPTY_THREADS: Record<number, ThreadRow[]> = {};
const watchThreads = createThreadWatch((threadsFor) => window.proclab.configureMonitor({ threadsFor }));

interface Props {
  /** Distinguishes tables for the thread watch list. */
  id: string;
  /** Only this run's processes. */
  runId?: string;
  height?: number;
  emptyText?: string;
  /** Keyboard shortcuts act on this table (the one on screen). */
  keyboard?: boolean;
  /** Show the threads of multi-threaded processes without a click (the run view). */
  autoThreads?: boolean;
  /** Shrink to the rows when there are few. */
  fit?: boolean;
}

export function ProcessTable({ id, runId, height = 460, emptyText, keyboard = true, autoThreads = false, fit = false }: Props) {
  const { t } = useI18n();
  const control = useControl();
  const tick = useStore((s) => s.frozen ?? s.tick);
  const frozen = useStore((s) => s.frozen !== null);
  const runs = useStore((s) => s.runs);
  const [sort, setSort] = useState<SortSpec>({ column: runId ? 'pid' : 'cpu', dir: runId ? 'asc' : 'desc' });
  const [mode, setMode] = useState<'tree' | 'flat'>('tree');
  const [query, setQuery] = useState('');
  /** pids the user toggled: expanded, or (with autoThreads) collapsed. */
  const [toggled, setToggled] = useState<ReadonlySet<number>>(() => new Set());
  const [selected, setSelected] = useState<number | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const all = useMemo(() => {
    const list = tick?.processes ?? [];
    return runId ? list.filter((p) => p.runId === runId) : list;
  }, [tick, runId]);
  const expanded = useMemo<ReadonlySet<number>>(() => {
    if (!autoThreads) return toggled;
    const out = new Set<number>();
    for (const r of all) if ((r.threads > 1 && !r.exited) !== toggled.has(r.pid)) out.add(r.pid);
    return out;
  }, [autoThreads, toggled, all]);
  const rows = useMemo(
    () => visibleRows(all, { mode, sort, query, expanded, threads: tick?.threads ?? EMPTY_THREADS }),
    [all, mode, sort, query, expanded, tick],
  );

  useEffect(() => {
    watchThreads(id, [...expanded]);
  }, [id, expanded]);
  useEffect(() => () => watchThreads(id, []), [id]);

  const toggleThreads = useCallback((pid: number) => {
    setToggled((prev) => {
      const next = new Set(prev);
      if (next.has(pid)) next.delete(pid);
      else next.add(pid);
      return next;
    });
  }, []);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
  });

  const selectedRow = useMemo(() => (selected === null ? null : (all.find((r) => r.pid === selected) ?? null)), [all, selected]);

  // Keyboard: / search, space freeze, arrows select, enter threads, t k K s c act.
  const stateRef = useRef({ rows, selectedRow, busy: control.busy });
  stateRef.current = { rows, selectedRow, busy: control.busy };
  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent): void => {
      const cmd = commandForKey({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        editable: isEditableTarget(e.target),
      });
      if (!cmd) return;
      const { rows: cur, selectedRow: sel, busy } = stateRef.current;
      if (busy || document.querySelector('.modal-backdrop')) return;
      const procRows = cur.filter((r): r is Extract<FlatRow, { kind: 'proc' }> => r.kind === 'proc');
      switch (cmd) {
        case 'search':
          e.preventDefault();
          searchRef.current?.focus();
          searchRef.current?.select();
          return;
        case 'escape':
          if (e.target === searchRef.current) {
            setQuery('');
            searchRef.current?.blur();
          }
          return;
        case 'freeze':
          if ((e.target as HTMLElement | null)?.tagName === 'BUTTON') return;
          e.preventDefault();
          store.toggleFrozen();
          return;
        case 'up':
        case 'down': {
          if (!procRows.length) return;
          e.preventDefault();
          const i = sel ? procRows.findIndex((r) => r.row.pid === sel.pid) : -1;
          const ni = cmd === 'down' ? Math.min(procRows.length - 1, i + 1) : Math.max(0, i < 0 ? 0 : i - 1);
          const target = procRows[ni]!;
          setSelected(target.row.pid);
          virtualizer.scrollToIndex(cur.indexOf(target), { align: 'auto' });
          return;
        }
        case 'expand':
          if (sel && (e.target as HTMLElement | null)?.tagName !== 'BUTTON') toggleThreads(sel.pid);
          return;
        case 'help':
          return;
        default: {
          if (!sel) return;
          const action = cmd as SignalAction;
          if (!isActionEnabled(sel, action)) return;
          e.preventDefault();
          control.act(sel, action);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, control, toggleThreads, virtualizer]);

  const gridStyle = useMemo(() => ({ gridTemplateColumns: [...PROC_COLUMNS.map((c) => c.width), '150px'].join(' ') }) as CSSProperties, []);
  const onContextMenu = useCallback(
    (row: ProcRow, e: MouseEvent) => {
      e.preventDefault();
      setSelected(row.pid);
      control.openMenu(row, e.clientX, e.clientY);
    },
    [control],
  );

  const total = all.length;
  const shown = rows.reduce((n, r) => n + (r.kind === 'proc' ? 1 : 0), 0);
  const items = virtualizer.getVirtualItems();

  return (
    <div className="proc-table" data-testid={`proc-table-${id}`}>
      <div className="table-toolbar">
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder={t('table.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="table-search"
          aria-label={t('table.search')}
        />
        <div className="seg" role="group" aria-label={t('table.view')}>
          <button type="button" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')} data-testid="view-tree">
            {t('table.tree')}
          </button>
          <button type="button" aria-pressed={mode === 'flat'} onClick={() => setMode('flat')} data-testid="view-flat">
            {t('table.flat')}
          </button>
        </div>
        <button
          type="button"
          aria-pressed={frozen}
          onClick={() => store.toggleFrozen()}
          data-testid="freeze-toggle"
          title={t('key.freeze')}
        >
          {frozen ? `▶ ${t('table.unfreeze')}` : `❚❚ ${t('table.freeze')}`}
        </button>
        <span className="muted small table-count" data-testid="table-count">
          {t('table.count', { shown, total })}
        </span>
      </div>
      {frozen && (
        <div className="frozen-banner" data-testid="frozen-banner">
          ❄ {t('table.frozen')}
        </div>
      )}
      <div
        className="table-scroll"
        ref={scrollRef}
        style={{ height: fit ? Math.min(height, 36 + Math.max(rows.length, 3) * ROW_H + 2) : height }}
        role="grid"
        aria-rowcount={rows.length}
      >
        <div className="table-head" style={gridStyle} role="row">
          {PROC_COLUMNS.map((c) => (
            <HeaderCell key={c.id} col={c} sort={sort} onSort={() => setSort((s) => nextSort(s, c.id))} t={t} />
          ))}
          <div className="th">{t('table.actions')}</div>
        </div>
        {rows.length === 0 ? (
          <div className="empty" data-testid="table-empty">
            {query ? t('table.noMatch', { q: query }) : (emptyText ?? t('table.empty'))}
          </div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((vi) => {
              const r = rows[vi.index]!;
              const style: CSSProperties = { ...gridStyle, transform: `translateY(${vi.start}px)`, height: ROW_H };
              if (r.kind === 'proc')
                return (
                  <ProcRowView
                    key={r.key}
                    item={r}
                    top={vi.start}
                    gridStyle={gridStyle}
                    selected={selected === r.row.pid}
                    expanded={expanded.has(r.row.pid)}
                    runName={r.row.runId ? (runs[r.row.runId]?.name ?? r.row.runId) : null}
                    onSelect={setSelected}
                    onToggle={toggleThreads}
                    onContextMenu={onContextMenu}
                    onAct={control.act}
                    t={t}
                  />
                );
              if (r.kind === 'thread')
                return <ThreadRowView key={r.key} thread={r.thread} depth={r.depth} top={vi.start} gridStyle={gridStyle} t={t} />;
              return (
                <div key={r.key} className="tr tr-thread muted" style={style}>
                  <div className="td" />
                  <div className="td" />
                  <div className="td" style={{ paddingLeft: 12 + r.depth * 16 }}>
                    {t('table.threadsLoading')}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

function HeaderCell({ col, sort, onSort, t }: { col: ColumnDef; sort: SortSpec; onSort: () => void; t: TFn }) {
  const active = sort.column === col.id;
  return (
    <div
      className={`th ${col.align === 'right' ? 'right' : ''}`}
      role="columnheader"
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" className="th-btn" onClick={onSort} data-testid={`sort-${col.id}`}>
        {t(col.label)}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </div>
  );
}

interface RowProps {
  item: Extract<FlatRow, { kind: 'proc' }>;
  top: number;
  gridStyle: CSSProperties;
  selected: boolean;
  expanded: boolean;
  runName: string | null;
  onSelect: (pid: number) => void;
  onToggle: (pid: number) => void;
  onContextMenu: (row: ProcRow, e: MouseEvent) => void;
  onAct: (row: ProcRow, a: SignalAction) => void;
  t: TFn;
}

const ProcRowView = memo(function ProcRowView({
  item,
  top,
  gridStyle,
  selected,
  expanded,
  runName,
  onSelect,
  onToggle,
  onContextMenu,
  onAct,
  t,
}: RowProps) {
  const r = item.row;
  const style = rowStyle(gridStyle, top);
  const ended = r.exited !== null;
  return (
    <div
      className={`tr${selected ? ' selected' : ''}${ended ? ' ended' : ''}${r.state === 'stopped' ? ' is-stopped' : ''}${r.state === 'zombie' ? ' is-zombie' : ''}`}
      style={style}
      role="row"
      aria-selected={selected}
      data-testid={`proc-row-${r.pid}`}
      data-pid={r.pid}
      data-state={r.state}
      data-exited={r.exited ? (r.exited.signal ?? `code ${r.exited.code}`) : ''}
      data-cpu={r.cpu.toFixed(1)}
      data-run={r.runId ?? ''}
      onClick={() => onSelect(r.pid)}
      onContextMenu={(e) => onContextMenu(r, e)}
    >
      {PROC_COLUMNS.map((c) => (
        <ProcCell key={c.id} col={c} item={item} expanded={expanded} runName={runName} onToggle={onToggle} t={t} />
      ))}
      <RowActions row={r} onSelect={onSelect} onAct={onAct} t={t} />
    </div>
  );
}, sameProcRow);

const titleCache = new WeakMap<TFn, Map<string, string>>();
/** Button titles, built once per language rather than once per row per tick. */
function actionTitle(t: TFn, action: SignalAction, short = false): string {
  let m = titleCache.get(t);
  if (!m) titleCache.set(t, (m = new Map()));
  const key = `${action}${short ? '!' : ''}`;
  let v = m.get(key);
  if (v === undefined) {
    const a = ACTIONS.find((x) => x.action === action)!;
    v = short ? t(a.label) : `${t(a.label)} (${a.key}) — ${t(a.does)}`;
    m.set(key, v);
  }
  return v;
}

function rowStyle(gridStyle: CSSProperties, top: number): CSSProperties {
  return { ...gridStyle, transform: `translateY(${top}px)`, height: ROW_H };
}

const ROW_FIELDS = [
  'pid',
  'startTime',
  'ppid',
  'name',
  'cmd',
  'state',
  'orphan',
  'daemon',
  'cpu',
  'rss',
  'threads',
  'startedAt',
  'runId',
] as const;

/**
 * Each tick brings new row objects; most rows of a 1,000-process table do not change from
 * one second to the next, so compare what is drawn and skip those rows.
 */
function sameProcRow(a: RowProps, b: RowProps): boolean {
  if (a.top !== b.top || a.selected !== b.selected || a.expanded !== b.expanded || a.runName !== b.runName || a.t !== b.t) return false;
  if (
    a.gridStyle !== b.gridStyle ||
    a.onSelect !== b.onSelect ||
    a.onToggle !== b.onToggle ||
    a.onContextMenu !== b.onContextMenu ||
    a.onAct !== b.onAct
  )
    return false;
  if (a.item.depth !== b.item.depth || a.item.last !== b.item.last) return false;
  const x = a.item.row;
  const y = b.item.row;
  if (x === y) return true;
  for (const f of ROW_FIELDS) if (x[f] !== y[f]) return false;
  return (
    x.exited === y.exited || (x.exited?.signal === y.exited?.signal && x.exited?.code === y.exited?.code && x.exited?.by === y.exited?.by)
  );
}

interface CellProps {
  col: ColumnDef;
  item: Extract<FlatRow, { kind: 'proc' }>;
  expanded: boolean;
  runName: string | null;
  onToggle: (pid: number) => void;
  t: TFn;
}

/**
 * One cell of a process row. A tick usually changes one or two numbers of a row (its CPU %),
 * so each cell re-renders only when what it draws changed (sameCell), not with its row.
 */
const ProcCell = memo(function ProcCell(props: CellProps) {
  const c = props.col;
  return (
    <div className={`td ${c.align === 'right' ? 'right' : ''} td-${c.id}`} role="gridcell">
      {renderCell(c, props.item, props)}
    </div>
  );
}, sameCell);

function sameExit(x: ProcRow['exited'], y: ProcRow['exited']): boolean {
  return x === y || (x?.signal === y?.signal && x?.code === y?.code && x?.by === y?.by);
}

/** What each kind of cell draws (see renderCell): equal inputs, equal cell. */
function sameCell(a: CellProps, b: CellProps): boolean {
  if (a.col !== b.col || a.t !== b.t) return false;
  const x = a.item.row;
  const y = b.item.row;
  switch (a.col.kind) {
    case 'int':
      return a.col.sortValue(x) === b.col.sortValue(y);
    case 'name':
      return (
        a.item.depth === b.item.depth &&
        a.item.last === b.item.last &&
        a.expanded === b.expanded &&
        a.onToggle === b.onToggle &&
        x.pid === y.pid &&
        x.name === y.name &&
        x.cmd === y.cmd
      );
    case 'state':
      return x.state === y.state && x.orphan === y.orphan && x.daemon === y.daemon && sameExit(x.exited, y.exited);
    case 'pct':
      return x.cpu === y.cpu;
    case 'bytes':
      return x.rss === y.rss;
    case 'time':
      return x.startedAt === y.startedAt;
    case 'run':
      return a.runName === b.runName && x.runId === y.runId;
  }
}

interface ActionsProps {
  row: ProcRow;
  onSelect: (pid: number) => void;
  onAct: (row: ProcRow, a: SignalAction) => void;
  t: TFn;
}

/** The row's action buttons: they depend on the process's identity and state, not on its CPU or memory. */
const RowActions = memo(function RowActions({ row: r, onSelect, onAct, t }: ActionsProps) {
  return (
    <div className="td" role="gridcell">
      {r.exited === null && (
        <span className="row-actions">
          {ACTIONS.map((a) => (
            <button
              key={a.action}
              type="button"
              className={a.danger ? 'danger' : ''}
              disabled={!isActionEnabled(r, a.action)}
              title={actionTitle(t, a.action)}
              aria-label={`${actionTitle(t, a.action, true)} ${r.pid}`}
              data-testid={`action-${a.action}-${r.pid}`}
              onClick={(e) => {
                e.stopPropagation();
                onSelect(r.pid);
                onAct(r, a.action);
              }}
            >
              {ACTION_ICONS[a.action]}
            </button>
          ))}
        </span>
      )}
    </div>
  );
}, sameActions);

/** CPU and memory are not drawn here (nor used by the actions): ignore them, compare the rest. */
function sameActions(a: ActionsProps, b: ActionsProps): boolean {
  if (a.onSelect !== b.onSelect || a.onAct !== b.onAct || a.t !== b.t) return false;
  const x = a.row;
  const y = b.row;
  if (x === y) return true;
  for (const f of ROW_FIELDS) if (f !== 'cpu' && f !== 'rss' && x[f] !== y[f]) return false;
  return sameExit(x.exited, y.exited);
}

function renderCell(
  c: ColumnDef,
  item: Extract<FlatRow, { kind: 'proc' }>,
  ctx: { expanded: boolean; runName: string | null; onToggle: (pid: number) => void; t: TFn },
) {
  const r = item.row;
  const { t } = ctx;
  switch (c.kind) {
    case 'int':
      return <span className="mono">{String(c.sortValue(r))}</span>;
    case 'name':
      return (
        <span className="name-cell" style={{ paddingLeft: item.depth * 16 }} title={r.cmd}>
          {item.depth > 0 && (
            <span className="tree-guide" aria-hidden="true">
              {item.last ? '└' : '├'}
            </span>
          )}
          <button
            type="button"
            className="expander"
            aria-expanded={ctx.expanded}
            title={ctx.expanded ? t('table.threadsHide') : t('table.threadsToggle')}
            data-testid={`expand-${r.pid}`}
            onClick={(e) => {
              e.stopPropagation();
              ctx.onToggle(r.pid);
            }}
          >
            {ctx.expanded ? '▾' : '▸'}
          </button>
          <strong>{r.name}</strong>
          <span className="cmd muted">{r.cmd}</span>
        </span>
      );
    case 'state':
      return (
        <span className="state-cell">
          <RowBadges row={r} />
          {r.exited && (
            <span className="outcome" data-testid="outcome" title={outcomeBy(r.exited, t) ?? undefined}>
              {outcomeText(r.exited, t)}
            </span>
          )}
        </span>
      );
    case 'pct':
      return <CpuCell cpu={r.cpu} />;
    case 'bytes':
      return <span className="mono">{fmtBytes(r.rss)}</span>;
    case 'time':
      return <span className="mono muted">{fmtClock(r.startedAt)}</span>;
    case 'run':
      return ctx.runName ? (
        <span className="run-chip" title={r.runId ?? ''}>
          {ctx.runName}
        </span>
      ) : (
        <span className="muted">—</span>
      );
  }
}

function CpuCell({ cpu }: { cpu: number }) {
  const w = Math.min(100, Math.max(0, cpu));
  return (
    <span className="cpu-cell">
      <span className={`cpu-bar${cpu > 100 ? ' multi' : ''}`} aria-hidden="true">
        <span style={{ width: `${w}%` }} />
      </span>
      <span className="mono">{fmtPct(cpu)}</span>
    </span>
  );
}

const ThreadRowView = memo(function ThreadRowView({
  thread,
  depth,
  top,
  gridStyle,
  t,
}: {
  thread: ThreadRow;
  depth: number;
  top: number;
  gridStyle: CSSProperties;
  t: TFn;
}) {
  const style = rowStyle(gridStyle, top);
  return (
    <div
      className="tr tr-thread"
      style={style}
      role="row"
      data-testid={`thread-row-${thread.tid}`}
      data-tid={thread.tid}
      data-pid={thread.pid}
      data-state={thread.state}
    >
      <div className="td right mono" title={t('col.tid')}>
        {thread.tid}
      </div>
      <div className="td" />
      <div className="td" style={{ paddingLeft: 12 + depth * 16 }}>
        <span className="thread-name">
          <span aria-hidden="true">↳ </span>
          {t('thread.row', { tid: thread.tid, name: thread.name })}
        </span>
      </div>
      <div className="td">
        <Badge kind={thread.state} />
      </div>
      <div className="td right">
        <CpuCell cpu={thread.cpu} />
      </div>
      <div className="td" />
      <div className="td right mono muted" title={t('col.lastCore')} data-testid="thread-core">
        {thread.lastCore >= 0 ? t('thread.core', { n: thread.lastCore }) : '—'}
      </div>
      <div className="td" />
      <div className="td" />
      <div className="td" />
    </div>
  );
});
