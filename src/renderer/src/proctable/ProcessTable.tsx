import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent } from 'react';
import { MAX_IO_FOR, MAX_NET_FOR } from '../../../shared/monitor-view';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ProcRow, ThreadRow } from '../../../shared/model';
import type { SignalAction } from '../../../shared/commands';
import { ACTIONS, isActionEnabled, protectedReason } from '../control/actions';
import { useControl } from '../control/ControlProvider';
import { useI18n } from '../i18n/I18nProvider';
import type { TFn } from '../i18n/translate';
import { commandForEvent } from '../keyboard/shortcuts';
import { store, useStore } from '../store/hooks';
import {
  ACTIONS_WIDTH,
  columnsFor,
  DEFAULT_COLUMNS,
  loadColumns,
  nextSort,
  rowMinWidth,
  saveColumns,
  visibleColumns,
  type ColumnId,
  type SortSpec,
} from './columns';
import { ProcRowView } from './ProcRow';
import { ROW_H } from './rowShared';
import { HeaderCell, TableToolbar } from './TableToolbar';
import { ThreadRowView } from './ThreadRow';
import { createThreadWatch } from './threadWatch';
import { visibleRows, withThreads, type FlatRow } from './tree';
import { procToVirtual, useHostWindow, type HostRefusal } from './hostWindow';
import { queryProblem } from '../../../shared/query';
import { isKernelThread } from './query';
import { mergeStory } from '../model/process-story';
import './table.css';
import { procKey } from '../../../shared/proc-key';

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
  /** Told the selected row (null when none), e.g. to show its details. */
  onSelectedChange?: (row: ProcRow | null) => void;
  /** Ask the engine for the disk I/O (system scope) and sockets of the rows on screen. */
  watchIo?: boolean;
  /** A run's processes from its journal, shown for every one the tick no longer has. */
  storyRows?: readonly ProcRow[];
}

export function ProcessTable({
  id,
  runId,
  height = 460,
  emptyText,
  keyboard = true,
  autoThreads = false,
  fit = false,
  onSelectedChange,
  watchIo = false,
  storyRows,
}: Props) {
  const { t } = useI18n();
  const control = useControl();
  const tick = useStore((s) => s.frozen ?? s.tick);
  const frozen = useStore((s) => s.frozen !== null);
  // The Monitor's table is cut by the host (it froze it itself when told), so it reads the live tick.
  const slice = useStore((s) => (runId ? undefined : s.tick?.table));
  const runs = useStore((s) => s.runs);
  const [sort, setSort] = useState<SortSpec>({ column: runId ? 'pid' : 'cpu', dir: runId ? 'asc' : 'desc' });
  const [mode, setMode] = useState<'tree' | 'flat'>('tree');
  const [query, setQuery] = useState('');
  /**
   * The user's own choice per pid (true: expanded). Kept as a choice, not as a flip of the
   * default: a run's process that starts its threads after the click must stay as clicked.
   */
  const [toggled, setToggled] = useState<ReadonlyMap<number, boolean>>(() => new Map());
  const [selected, setSelected] = useState<number | null>(null);
  const [hideKernel, setHideKernel] = useState(false);
  /** Tagged rows ("pid:startTime"), acted on together. */
  const [tagged, setTagged] = useState<ReadonlySet<string>>(() => new Set());
  const [follow, setFollow] = useState(false);
  const tableKind = runId ? 'run' : 'monitor';
  const [chosen, setChosen] = useState<ColumnId[]>(() => loadColumns(tableKind));
  const chooseColumns = useCallback(
    (ids: ColumnId[]) => {
      setChosen(ids);
      saveColumns(tableKind, ids);
    },
    [tableKind],
  );
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const all = useMemo(() => {
    if (slice) return slice.items.map((it) => it.row);
    const list = tick?.processes ?? [];
    if (runId)
      return mergeStory(
        list.filter((p) => p.runId === runId),
        storyRows ?? [],
      );
    return hideKernel ? list.filter((p) => !isKernelThread(p)) : list;
  }, [slice, tick, runId, hideKernel, storyRows]);
  const expanded = useMemo<ReadonlySet<number>>(() => {
    const out = new Set<number>();
    if (!autoThreads) {
      for (const [pid, on] of toggled) if (on) out.add(pid);
      return out;
    }
    for (const r of all) if (toggled.get(r.pid) ?? (r.threads > 1 && !r.exited)) out.add(r.pid);
    return out;
  }, [autoThreads, toggled, all]);
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;
  const rows = useMemo(() => {
    const threads = tick?.threads ?? EMPTY_THREADS;
    return slice ? withThreads(slice.items, { expanded, threads }) : visibleRows(all, { mode, sort, query, expanded, threads });
  }, [slice, all, mode, sort, query, expanded, tick]);
  // Host-cut: `rows` is the window; the rows above and below it are placeholders until it moves there.
  // Expanded rows' threads outside the window are counted by the host, so every row keeps its place as the window moves.
  const before = slice ? slice.offset + slice.extraBefore : 0;
  const after = slice ? Math.max(0, slice.matched - slice.offset - slice.items.length) + slice.extraAfter : 0;
  const rowCount = before + rows.length + after;

  useEffect(() => {
    watchThreads(id, [...expanded]);
  }, [id, expanded]);
  useEffect(() => () => watchThreads(id, []), [id]);

  const toggleThreads = useCallback((pid: number) => {
    setToggled((prev) => new Map(prev).set(pid, !expandedRef.current.has(pid)));
  }, []);

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
  });

  const deadlocked = useMemo(() => new Set((tick?.deadlocks ?? []).map((d) => procKey(d.pid, d.startTime))), [tick]);
  // A selected or tagged row scrolled out of the host's window keeps its last known figures.
  const known = useRef(new Map<number, ProcRow>());
  const found = useMemo(() => (selected === null ? null : (all.find((r) => r.pid === selected) ?? null)), [all, selected]);
  if (found) known.current.set(found.pid, found);
  const selectedRow = found ?? (slice && selected !== null ? (known.current.get(selected) ?? null) : null);
  const selectedKey = selectedRow ? procKey(selectedRow.pid, selectedRow.startTime) : null;
  const taggedRows = useMemo(() => {
    const here = all.filter((r) => tagged.has(procKey(r.pid, r.startTime)));
    for (const r of here) known.current.set(r.pid, r);
    if (!slice) return here;
    const gone = [...known.current.values()].filter((r) => tagged.has(procKey(r.pid, r.startTime)) && !here.includes(r));
    return [...here, ...gone.filter((r) => !here.some((h) => h.pid === r.pid))];
  }, [all, tagged, slice]);
  // A tag is for acting on a live process: it goes when its process exits (the row may stay a while,
  // marked as ended), or, when the whole table is here, when the row is gone.
  useEffect(() => {
    if (!tagged.size) return;
    const alive = new Set(all.filter((r) => !r.exited).map((r) => procKey(r.pid, r.startTime)));
    const ended = new Set(all.filter((r) => r.exited).map((r) => procKey(r.pid, r.startTime)));
    const keep = [...tagged].filter((k) => !ended.has(k) && (slice ? true : alive.has(k)));
    if (keep.length !== tagged.size) setTagged(new Set(keep));
  }, [all, tagged, slice]);
  const onSelect = useCallback(
    (pid: number, toggleTag?: boolean) => {
      if (!toggleTag) return setSelected(pid);
      const row = all.find((r) => r.pid === pid);
      if (!row) return;
      known.current.set(row.pid, row);
      const k = procKey(row.pid, row.startTime);
      setTagged((prev) => {
        const next = new Set(prev);
        if (next.has(k)) next.delete(k);
        else next.add(k);
        return next;
      });
    },
    [all],
  );
  // Follow: keep the selected process in view whatever the sort moves it to.
  const selectedIndex = useMemo(() => {
    if (!follow || selected === null) return -1;
    const i = rows.findIndex((r) => r.kind === 'proc' && r.row.pid === selected);
    if (i >= 0) return before + i;
    // Outside the host's window: the host said where it is in the order.
    const at = slice?.focusIndex ?? -1;
    return at < 0 ? -1 : procToVirtual(at, slice!, rows.length);
  }, [follow, selected, rows, before, slice]);
  const selectedRef = useRef(selectedRow);
  selectedRef.current = selectedRow;
  useEffect(() => {
    onSelectedChange?.(selectedRef.current);
  }, [selectedKey, onSelectedChange]);

  // Keyboard: / search, space freeze, arrows select, enter threads, t k K s c act.
  const stateRef = useRef({ rows, before, rowCount, selectedRow, busy: control.busy });
  stateRef.current = { rows, before, rowCount, selectedRow, busy: control.busy };
  /**
   * ↑/↓ onto a row the host has not sent yet (faster than the window follows): the place
   * to select once it arrives. Further presses move it on, so none is lost.
   */
  const pendingSel = useRef<number | null>(null);
  useEffect(() => {
    const at = pendingSel.current;
    if (at === null) return;
    const r = rows[at - before];
    if (r?.kind === 'proc') {
      pendingSel.current = null;
      setSelected(r.row.pid);
    }
  }, [rows, before]);
  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent): void => {
      const cmd = commandForEvent(e);
      if (!cmd) return;
      const { rows: cur, before: base, rowCount: count, selectedRow: sel, busy } = stateRef.current;
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
          const here = sel ? cur.findIndex((r) => r.kind === 'proc' && r.row.pid === sel.pid) : -1;
          const from = pendingSel.current ?? (here >= 0 ? base + here : null);
          if (from === null) {
            // The first key lands on a row that can be acted on: the tree's top rows are PID 1 and
            // other kept ancestors, where the next key (s, k …) would do nothing.
            const first = procRows.find((r) => !protectedReason(r.row) && r.row.exited === null) ?? procRows[0]!;
            setSelected(first.row.pid);
            virtualizer.scrollToIndex(base + cur.indexOf(first), { align: 'auto' });
            return;
          }
          // The next process row in that direction; thread rows are stepped over.
          const step = cmd === 'down' ? 1 : -1;
          let i = from + step;
          while (i >= 0 && i < count && cur[i - base]?.kind !== undefined && cur[i - base]!.kind !== 'proc') i += step;
          if (i < 0 || i >= count) return;
          const r = cur[i - base];
          if (r?.kind === 'proc') {
            pendingSel.current = null;
            setSelected(r.row.pid);
          } else pendingSel.current = i;
          // Scrolling moves the host's window on; a row not sent yet is selected when it comes.
          virtualizer.scrollToIndex(i, { align: 'auto' });
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

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  // Another view starts at its top: a flat list scrolled to its 40th row would otherwise open the
  // tree 40 rows down, past its root, where nothing says which branch is shown.
  const firstMode = useRef(true);
  useEffect(() => {
    if (firstMode.current) {
      firstMode.current = false;
      return;
    }
    scrollRef.current?.scrollTo({ top: 0 });
  }, [mode]);

  const columns = useMemo(() => visibleColumns(tableKind, chosen), [tableKind, chosen]);
  const gridStyle = useMemo(
    () =>
      ({
        gridTemplateColumns: [...columns.map((c) => c.width), `${ACTIONS_WIDTH}px`].join(' '),
        minWidth: rowMinWidth(columns),
      }) as CSSProperties,
    [columns],
  );
  const columnChoice = useMemo(
    () => ({
      all: columnsFor(tableKind),
      shown: new Set(chosen),
      toggle: (id: ColumnId) => chooseColumns(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]),
      reset: () => chooseColumns([...DEFAULT_COLUMNS[tableKind]]),
    }),
    [tableKind, chosen, chooseColumns],
  );
  const onContextMenu = useCallback(
    (row: ProcRow, e: MouseEvent) => {
      e.preventDefault();
      setSelected(row.pid);
      control.openMenu(row, e.clientX, e.clientY);
    },
    [control],
  );

  const items = virtualizer.getVirtualItems();
  const rowAt = (i: number): FlatRow | undefined => rows[i - before];
  const refused = useHostWindow({
    enabled: !runId,
    sort,
    mode,
    query,
    hideKernel,
    frozen,
    focusPid: follow && selected !== null ? selected : undefined,
    firstShown: items[0]?.index ?? 0,
    lastShown: items[items.length - 1]?.index ?? 0,
    slice,
    windowRows: rows.length,
    expanded,
  });
  // The pids on screen, as a stable string: the engine is told only when the set changes.
  const onScreen = items
    .map((vi) => rowAt(vi.index))
    .filter((r): r is Extract<FlatRow, { kind: 'proc' }> => r?.kind === 'proc')
    .map((r) => r.row.pid)
    .sort((a, b) => a - b)
    .join(',');
  useEffect(() => {
    if (!watchIo) return;
    const timer = setTimeout(() => {
      const pids = onScreen ? onScreen.split(',').map(Number) : [];
      // Sockets cost a descriptor scan per process: the engine takes the first few on screen.
      const netFor = pids.slice(0, MAX_NET_FOR);
      window.proclab.configureMonitor({ ioFor: pids.slice(0, MAX_IO_FOR), netFor }).catch(() => {});
    }, 300);
    return () => clearTimeout(timer);
  }, [watchIo, onScreen]);

  const total = slice ? slice.total : all.length;
  const shown = slice ? slice.matched : rows.reduce((n, r) => n + (r.kind === 'proc' ? 1 : 0), 0);

  return (
    <div className={`proc-table${tableKind === 'monitor' ? ' sticky-actions' : ''}`} data-testid={`proc-table-${id}`}>
      <TableToolbar
        searchRef={searchRef}
        query={query}
        onQuery={setQuery}
        queryRefused={refused && refusalText(refused, t)}
        mode={mode}
        onMode={setMode}
        frozen={frozen}
        shown={shown}
        total={total}
        t={t}
        {...(!runId && tick?.scope === 'system' && { hideKernel: { on: hideKernel, set: setHideKernel } })}
        follow={{ on: follow, set: setFollow }}
        onExpandAll={(open) => setToggled(new Map(all.filter((r) => r.threads > 1).map((r) => [r.pid, open])))}
        columns={columnChoice}
      />
      {taggedRows.length > 0 && (
        <div className="batch-bar" data-testid="batch-bar">
          <span>{t('batch.tagged', { n: taggedRows.length })}</span>
          {ACTIONS.filter((a) => a.action !== 'kill-tree').map((a) => (
            <button
              key={a.action}
              type="button"
              className={a.danger ? 'danger' : ''}
              data-testid={`batch-${a.action}`}
              onClick={() => control.actMany(taggedRows, a.action)}
            >
              {t(a.label)}
            </button>
          ))}
          <button type="button" onClick={() => setTagged(new Set())} data-testid="batch-clear">
            {t('batch.clear')}
          </button>
        </div>
      )}
      <div
        className="table-scroll"
        ref={scrollRef}
        style={{ height: fit ? Math.min(height, 36 + Math.max(rowCount, 3) * ROW_H + 2) : height }}
        role="grid"
        aria-rowcount={rowCount}
      >
        <div className="table-head" style={gridStyle} role="row">
          {columns.map((c) => (
            <HeaderCell key={c.id} col={c} sort={sort} onSort={() => setSort((s) => nextSort(s, c.id))} t={t} />
          ))}
          <div className="th th-actions">{t('table.actions')}</div>
        </div>
        {rowCount === 0 ? (
          <div className="empty" data-testid="table-empty">
            {query ? t('table.noMatch', { q: query }) : (emptyText ?? t('table.empty'))}
          </div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((vi) => {
              const r = rowAt(vi.index);
              const style: CSSProperties = { ...gridStyle, transform: `translateY(${vi.start}px)`, height: ROW_H };
              if (!r)
                return (
                  <div key={`pending-${vi.index}`} className="tr muted" style={style} data-testid="row-pending">
                    <div className="td" />
                  </div>
                );
              if (r.kind === 'proc')
                return (
                  <ProcRowView
                    key={r.key}
                    item={r}
                    top={vi.start}
                    gridStyle={gridStyle}
                    columns={columns}
                    selected={selected === r.row.pid}
                    tagged={tagged.has(procKey(r.row.pid, r.row.startTime))}
                    expanded={expanded.has(r.row.pid)}
                    runName={r.row.runId ? (runs[r.row.runId]?.name ?? r.row.runId) : null}
                    deadlocked={deadlocked.has(procKey(r.row.pid, r.row.startTime))}
                    onSelect={onSelect}
                    onToggle={toggleThreads}
                    onContextMenu={onContextMenu}
                    onAct={control.act}
                    t={t}
                  />
                );
              if (r.kind === 'thread')
                return (
                  <ThreadRowView
                    key={r.key}
                    thread={r.thread}
                    depth={r.depth}
                    top={vi.start}
                    gridStyle={gridStyle}
                    columns={columns}
                    t={t}
                  />
                );
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

/** A refused query's reason in the UI's language (the host's own words if the UI cannot name it). */
function refusalText(r: HostRefusal, t: TFn): string {
  const p = queryProblem(r.query);
  return p ? t('table.queryRefused', { word: p.word, what: t(`table.regex.${p.feature}` as const) }) : r.reason;
}
