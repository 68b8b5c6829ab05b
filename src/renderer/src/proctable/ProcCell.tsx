import { memo } from 'react';
import { RowBadges } from '../badges/StateBadge';
import { outcomeBy, outcomeText } from '../control/actions';
import type { TFn } from '../i18n/translate';
import { fmtBytes, fmtClock, fmtCpuTime, fmtPct } from '../../../shared/format';
import { endOf, endWords } from '../model/process-story';
import type { ExitInfo, ProcRow } from '../../../shared/model';
import { cpuTimeOf, type ColumnDef } from './columns';
import { tcpStateWord } from './netText';
import { sameExit } from './rowShared';
import type { FlatRow } from './tree';

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
export const ProcCell = memo(function ProcCell(props: CellProps) {
  const c = props.col;
  return (
    <div className={`td ${c.align === 'right' ? 'right' : ''} td-${c.id}`} role="gridcell">
      {renderCell(c, props.item, props)}
    </div>
  );
}, sameCell);

/** What each kind of cell draws (see renderCell): equal inputs, equal cell. */
function sameCell(a: CellProps, b: CellProps): boolean {
  if (a.col !== b.col || a.t !== b.t) return false;
  const x = a.item.row;
  const y = b.item.row;
  switch (a.col.kind) {
    case 'int':
      return a.col.sortValue(x) === b.col.sortValue(y) && samePeaks(x, y);
    case 'opt-int':
    case 'opt-bytes':
      return a.col.sortValue(x) === b.col.sortValue(y) && !x.exited === !y.exited;
    case 'io':
      return x.io?.readBps === y.io?.readBps && x.io?.writeBps === y.io?.writeBps;
    case 'net':
      return x.net?.bytesSent === y.net?.bytesSent && x.net?.bytesReceived === y.net?.bytesReceived && x.net?.sockets === y.net?.sockets;
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
      return (
        x.state === y.state &&
        x.orphan === y.orphan &&
        x.daemon === y.daemon &&
        sameExit(x.exited, y.exited) &&
        x.usage?.zombie === y.usage?.zombie
      );
    case 'wait':
      return true;
    case 'pct':
      return x.cpu === y.cpu;
    case 'user':
      return x.user === y.user;
    case 'mem-pct':
      // Drawn to one decimal: a change below that is not worth a render.
      return (x.memPct ?? -1).toFixed(1) === (y.memPct ?? -1).toFixed(1) && !x.exited === !y.exited;
    case 'cpu-time':
      return Math.floor((cpuTimeOf(x) ?? -10) / 10) === Math.floor((cpuTimeOf(y) ?? -10) / 10);
    case 'bytes':
      return x.rss === y.rss && samePeaks(x, y);
    case 'time':
      return x.startedAt === y.startedAt;
    case 'run':
      return a.runName === b.runName && x.runId === y.runId;
  }
}

function samePeaks(x: ProcRow, y: ProcRow): boolean {
  return x.exited === y.exited && x.usage?.peakRss === y.usage?.peakRss && x.usage?.peakThreads === y.usage?.peakThreads;
}

/**
 * A run process's RSS or thread count: the value now while it runs (the peak so far in the
 * title), the peak once it has exited, where "now" would read 0.
 */
function PeakCell(props: {
  row: ProcRow;
  now: number;
  peak: number | undefined;
  fmt: (n: number) => string;
  what: 'rss' | 'threads';
  t: TFn;
}) {
  const { row, now, peak, fmt, what, t } = props;
  if (peak === undefined) return <span className="mono">{fmt(now)}</span>;
  if (row.exited)
    return (
      <span title={t('story.peakTitle')} data-testid={`peak-${what}`} data-value={peak}>
        <span className="mono">{fmt(peak)}</span> <span className="muted small">{t('story.peak')}</span>
      </span>
    );
  return (
    <span className="mono" title={t('story.livePeakTitle', { now: fmt(now), peak: fmt(peak) })}>
      {fmt(now)}
    </span>
  );
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
      if (c.id === 'threads') return <PeakCell row={r} now={r.threads} peak={r.usage?.peakThreads} fmt={String} what="threads" t={t} />;
      return <span className="mono">{String(c.sortValue(r))}</span>;
    case 'opt-int': {
      const v = c.id === 'ni' ? r.nice : c.id === 'pri' ? r.priority : r.lastCore;
      return <span className="mono">{v === undefined || r.exited ? '—' : String(v)}</span>;
    }
    case 'opt-bytes': {
      const v = c.id === 'virt' ? r.virt : r.shr;
      return v === undefined || r.exited ? <span className="muted">—</span> : <span className="mono">{fmtBytes(v)}</span>;
    }
    case 'net': {
      const n = r.net;
      if (!n || r.exited) return <span className="muted">—</span>;
      const title = t('table.netTitle', {
        sockets: n.sockets,
        states: Object.entries(n.byState)
          .map(([k, v]) => `${tcpStateWord(k, t)} ${v}`)
          .join(', '),
        listening: n.listening.join(', ') || '—',
      });
      if (n.bytesSent === null)
        return (
          <span className="muted" title={title}>
            {n.sockets}
          </span>
        );
      return (
        <span className="mono" title={title} data-testid={`net-${r.pid}`}>
          ↑{fmtBytes(n.bytesSent)} ↓{fmtBytes(n.bytesReceived ?? 0)}
        </span>
      );
    }
    case 'io':
      return r.io && !r.exited ? (
        <span
          className="mono"
          title={t('table.ioTitle', {
            r: fmtBytes(r.io.readBps),
            w: fmtBytes(r.io.writeBps),
            rt: fmtBytes(r.io.readBytes),
            wt: fmtBytes(r.io.writeBytes),
          })}
        >
          {fmtBytes(r.io.readBps + r.io.writeBps)}/s
        </span>
      ) : (
        <span className="muted">—</span>
      );
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
          {r.exited && <OutcomeWords row={r} exit={r.exited} t={t} />}
        </span>
      );
    case 'wait':
      return null;
    case 'pct':
      return <CpuCell cpu={r.cpu} />;
    case 'user':
      return r.user === null ? <span className="muted">—</span> : <span title={r.user}>{r.user}</span>;
    case 'mem-pct':
      return r.memPct === undefined || r.exited ? <span className="muted">—</span> : <span className="mono">{fmtPct(r.memPct)}</span>;
    case 'cpu-time': {
      const ms = cpuTimeOf(r);
      return ms === undefined ? <span className="muted">—</span> : <span className="mono">{fmtCpuTime(ms)}</span>;
    }
    case 'bytes':
      return <PeakCell row={r} now={r.rss} peak={r.usage?.peakRss} fmt={fmtBytes} what="rss" t={t} />;
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

/** How an exited process ended; the whole phrase also in the title, where the cell cuts it short. */
function OutcomeWords({ row, exit, t }: { row: ProcRow; exit: ExitInfo; t: TFn }) {
  const words = row.usage ? endWords(endOf(exit, row.usage), t) : outcomeText(exit, t);
  const by = outcomeBy(exit, t);
  return (
    <span className="outcome" data-testid="outcome" title={by ? `${words} · ${by}` : words}>
      {words}
    </span>
  );
}

export function CpuCell({ cpu }: { cpu: number }) {
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
