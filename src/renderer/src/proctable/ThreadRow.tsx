import { memo, type CSSProperties, type ReactNode } from 'react';
import type { ThreadRow } from '../../../shared/model';
import { Badge } from '../badges/StateBadge';
import type { TFn } from '../i18n/translate';
import { threadKind } from '../model/lanes';
import { waitLabel, waitTitle } from '../model/waitText';
import type { ColumnDef } from './columns';
import { CpuCell } from './ProcCell';
import { rowStyle } from './rowShared';

/** What a thread has for a column; columns that describe only processes stay empty. */
function threadCell(c: ColumnDef, thread: ThreadRow, depth: number, t: TFn): ReactNode {
  switch (c.id) {
    case 'pid':
      return (
        <span className="mono" title={t('col.tid')}>
          {thread.tid}
        </span>
      );
    case 'name':
      return (
        // Indented under its process, but never so deep that the name itself is pushed out of the cell.
        <span className="thread-name" style={{ paddingLeft: 12 + Math.min(depth, 5) * 16 }}>
          <span aria-hidden="true">↳ </span>
          {t('thread.row', { tid: thread.tid, name: thread.name })}
        </span>
      );
    case 'state':
      return <Badge kind={thread.state} />;
    case 'wait': {
      if (!thread.wait) return null;
      const kind = threadKind(thread);
      return (
        <span className={`wait-reason wait-${thread.wait.kind}`} title={waitTitle(kind, thread.wait, t)} data-testid="thread-wait">
          {waitLabel(kind, thread.wait, t)}
        </span>
      );
    }
    case 'cpu':
      return <CpuCell cpu={thread.cpu} />;
    case 'core':
      return (
        <span className="mono muted" title={t('col.lastCore')} data-testid="thread-core">
          {thread.lastCore >= 0 ? thread.lastCore : '—'}
        </span>
      );
    default:
      return null;
  }
}

export const ThreadRowView = memo(function ThreadRowView({
  thread,
  depth,
  top,
  gridStyle,
  columns,
  t,
}: {
  thread: ThreadRow;
  depth: number;
  top: number;
  gridStyle: CSSProperties;
  /** The table's columns: a thread row fills the same grid, cell for cell. */
  columns: readonly ColumnDef[];
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
      data-wait={thread.wait?.kind ?? ''}
    >
      {columns.map((c) => (
        <div key={c.id} className={`td ${c.align === 'right' ? 'right' : ''} td-${c.id}`} role="gridcell">
          {threadCell(c, thread, depth, t)}
        </div>
      ))}
      <div className="td td-actions" />
    </div>
  );
});
