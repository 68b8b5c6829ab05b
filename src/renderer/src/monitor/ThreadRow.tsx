import { memo, type CSSProperties } from 'react';
import type { ThreadRow } from '../../../shared/model';
import { Badge } from '../badges/StateBadge';
import type { TFn } from '../i18n/translate';
import { threadKind } from '../runs/lanes';
import { waitLabel, waitTitle } from '../runs/waitText';
import { CpuCell } from './ProcCell';
import { rowStyle } from './rowShared';

export const ThreadRowView = memo(function ThreadRowView({
  thread,
  depth,
  top,
  gridStyle,
  blanks,
  t,
}: {
  thread: ThreadRow;
  depth: number;
  top: number;
  gridStyle: CSSProperties;
  /** Empty cells after the last-core one (Started, Run if shown), so the row keeps the grid. */
  blanks: number;
  t: TFn;
}) {
  const style = rowStyle(gridStyle, top);
  const kind = threadKind(thread);
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
      <div className="td thread-state">
        <Badge kind={thread.state} />
        {thread.wait && (
          <span className={`wait-reason wait-${thread.wait.kind}`} title={waitTitle(kind, thread.wait, t)} data-testid="thread-wait">
            {waitLabel(kind, thread.wait, t)}
          </span>
        )}
      </div>
      <div className="td right">
        <CpuCell cpu={thread.cpu} />
      </div>
      <div className="td" />
      <div className="td right mono muted" title={t('col.lastCore')} data-testid="thread-core">
        {thread.lastCore >= 0 ? t('thread.core', { n: thread.lastCore }) : '—'}
      </div>
      {Array.from({ length: blanks }, (_, i) => (
        <div key={i} className="td" />
      ))}
      <div className="td" />
    </div>
  );
});
