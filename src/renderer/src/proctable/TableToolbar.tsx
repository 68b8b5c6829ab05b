import { useEffect, useRef, useState, type RefObject } from 'react';
import type { TFn } from '../i18n/translate';
import { store } from '../store/hooks';
import { ALWAYS_SHOWN, type ColumnDef, type ColumnId, type SortSpec } from './columns';

interface ToolbarProps {
  /** Owned by the table: its keyboard shortcuts focus and clear the search. */
  searchRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery: (q: string) => void;
  /** Why the host refused the query in the box, in words; null while it is accepted. */
  queryRefused?: string | null;
  mode: 'tree' | 'flat';
  onMode: (m: 'tree' | 'flat') => void;
  frozen: boolean;
  shown: number;
  total: number;
  t: TFn;
  /** Only offered where kernel threads can appear (system scope). */
  hideKernel?: { on: boolean; set: (v: boolean) => void };
  /** Keep the selected row in view while the sort moves it. */
  follow?: { on: boolean; set: (v: boolean) => void };
  /** Expand (true) or collapse (false) the threads of every multi-threaded process. */
  onExpandAll?: (open: boolean) => void;
  /** The column chooser: every column the table has, and which are shown. */
  columns?: ColumnChoice;
}

export interface ColumnChoice {
  all: readonly ColumnDef[];
  shown: ReadonlySet<ColumnId>;
  toggle: (id: ColumnId) => void;
  reset: () => void;
}

function ColumnChooser({ choice, t }: { choice: ColumnChoice; t: TFn }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <span className="column-chooser-wrap" ref={ref}>
      <button type="button" aria-expanded={open} onClick={() => setOpen((v) => !v)} data-testid="columns-toggle">
        ☰ {t('table.columns')}
      </button>
      {open && (
        <div className="column-chooser" role="dialog" aria-label={t('table.columnsTitle')} data-testid="column-chooser">
          <strong>{t('table.columnsTitle')}</strong>
          {choice.all.map((c) => (
            <label key={c.id} className="inline-field small" title={c.help ? t(c.help) : undefined}>
              <input
                type="checkbox"
                checked={ALWAYS_SHOWN.has(c.id) || choice.shown.has(c.id)}
                disabled={ALWAYS_SHOWN.has(c.id)}
                onChange={() => choice.toggle(c.id)}
                data-testid={`column-${c.id}`}
              />
              {t(c.label)}
            </label>
          ))}
          <button type="button" onClick={choice.reset} data-testid="columns-reset">
            {t('table.columnsReset')}
          </button>
        </div>
      )}
    </span>
  );
}

const HELP_LINES = [
  'table.queryHelp.plain',
  'table.queryHelp.cmp',
  'table.queryHelp.field',
  'table.queryHelp.state',
  'table.queryHelp.regex',
  'table.queryHelp.not',
] as const;

function QueryHelp({ t }: { t: TFn }) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement | null>(null);
  // Esc closes the popover (and only that: captured before the table's own Esc, which clears the search).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      e.preventDefault();
      setOpen(false);
      toggle.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
  return (
    <span className="query-help-wrap">
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        title={t('table.queryHelp')}
        aria-label={t('table.queryHelp')}
        data-testid="query-help-toggle"
      >
        ?
      </button>
      {open && (
        <div className="query-help" role="dialog" aria-label={t('table.queryHelpTitle')} data-testid="query-help">
          <strong>{t('table.queryHelpTitle')}</strong>
          <ul>
            {HELP_LINES.map((k) => (
              <li key={k}>
                <code>{t(k)}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </span>
  );
}

export function TableToolbar({
  searchRef,
  query,
  onQuery,
  queryRefused,
  mode,
  onMode,
  frozen,
  shown,
  total,
  t,
  hideKernel,
  follow,
  onExpandAll,
  columns,
}: ToolbarProps) {
  return (
    <>
      <div className="table-toolbar">
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder={t('table.search')}
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          data-testid="table-search"
          aria-label={t('table.search')}
          aria-invalid={queryRefused ? true : undefined}
          aria-describedby={queryRefused ? 'query-refused' : undefined}
        />
        <QueryHelp t={t} />
        {queryRefused && (
          <span id="query-refused" className="query-refused" role="alert" data-testid="query-refused">
            {queryRefused}
          </span>
        )}
        <div className="seg" role="group" aria-label={t('table.view')}>
          <button type="button" aria-pressed={mode === 'tree'} onClick={() => onMode('tree')} data-testid="view-tree">
            {t('table.tree')}
          </button>
          <button type="button" aria-pressed={mode === 'flat'} onClick={() => onMode('flat')} data-testid="view-flat">
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
        {onExpandAll && (
          <>
            <button type="button" onClick={() => onExpandAll(true)} data-testid="expand-all" title={t('table.expandAll')}>
              ⊞
            </button>
            <button type="button" onClick={() => onExpandAll(false)} data-testid="collapse-all" title={t('table.collapseAll')}>
              ⊟
            </button>
          </>
        )}
        {columns && <ColumnChooser choice={columns} t={t} />}
        {follow && (
          <label className="inline-field small" title={t('table.followHelp')}>
            <input type="checkbox" checked={follow.on} onChange={(e) => follow.set(e.target.checked)} data-testid="follow" />
            {t('table.follow')}
          </label>
        )}
        {hideKernel && (
          <label className="inline-field small">
            <input type="checkbox" checked={hideKernel.on} onChange={(e) => hideKernel.set(e.target.checked)} data-testid="hide-kernel" />
            {t('table.hideKernel')}
          </label>
        )}
        <span className="muted small table-count" data-testid="table-count">
          {t('table.count', { shown, total })}
        </span>
      </div>
      {frozen && (
        <div className="frozen-banner" data-testid="frozen-banner">
          ❄ {t('table.frozen')}
        </div>
      )}
    </>
  );
}

export function HeaderCell({ col, sort, onSort, t }: { col: ColumnDef; sort: SortSpec; onSort: () => void; t: TFn }) {
  const active = sort.column === col.id;
  const cls = `th ${col.align === 'right' ? 'right' : ''} th-${col.id}`;
  // A label cut by its column still reads in full on hover.
  const title = col.help ? `${t(col.label)} — ${t(col.help)}` : t(col.label);
  if (col.sortable === false)
    return (
      <div className={cls} role="columnheader" data-testid={`head-${col.id}`} title={title}>
        {t(col.label)}
      </div>
    );
  return (
    <div
      className={cls}
      role="columnheader"
      title={title}
      data-testid={`head-${col.id}`}
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
