import { memo, type CSSProperties, type MouseEvent } from 'react';
import type { ProcRow } from '../../../shared/model';
import type { SignalAction } from '../../../shared/commands';
import { ACTIONS, isActionEnabled, protectedReason } from '../control/actions';
import type { TFn } from '../i18n/translate';
import type { ColumnDef } from './columns';
import { ProcCell } from './ProcCell';
import { rowStyle, sameExit } from './rowShared';
import type { FlatRow } from './tree';

const ACTION_ICONS: Record<SignalAction, string> = {
  stop: '❚❚',
  continue: '▶',
  terminate: '■',
  kill: '✕',
  'kill-tree': '✕✕',
  signal: '⚡',
};

interface RowProps {
  item: Extract<FlatRow, { kind: 'proc' }>;
  top: number;
  gridStyle: CSSProperties;
  columns: readonly ColumnDef[];
  selected: boolean;
  /** Tagged for a batch action (Ctrl/⌘-click), as htop's tagging. */
  tagged: boolean;
  expanded: boolean;
  runName: string | null;
  /** The deadlock watchdog suspects this process. */
  deadlocked?: boolean;
  /** `toggleTag`: the click asked to tag or untag rather than select. */
  onSelect: (pid: number, toggleTag?: boolean) => void;
  onToggle: (pid: number) => void;
  onContextMenu: (row: ProcRow, e: MouseEvent) => void;
  onAct: (row: ProcRow, a: SignalAction) => void;
  t: TFn;
}

export const ProcRowView = memo(function ProcRowView({
  item,
  top,
  gridStyle,
  columns,
  selected,
  tagged,
  expanded,
  runName,
  deadlocked = false,
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
      className={`tr${selected ? ' selected' : ''}${tagged ? ' tagged' : ''}${ended ? ' ended' : ''}${r.state === 'stopped' ? ' is-stopped' : ''}${r.state === 'zombie' ? ' is-zombie' : ''}${deadlocked ? ' is-deadlocked' : ''}`}
      style={style}
      role="row"
      aria-selected={selected}
      data-testid={`proc-row-${r.pid}`}
      data-pid={r.pid}
      data-state={r.state}
      data-exited={r.exited ? (r.exited.signal ?? `code ${r.exited.code}`) : ''}
      data-cpu={r.cpu.toFixed(1)}
      data-run={r.runId ?? ''}
      data-deadlock={deadlocked ? 'suspected' : undefined}
      title={deadlocked ? t('deadlock.title') : undefined}
      data-tagged={tagged || undefined}
      onClick={(e) => onSelect(r.pid, e.ctrlKey || e.metaKey)}
      onContextMenu={(e) => onContextMenu(r, e)}
    >
      {columns.map((c) => (
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

const ROW_FIELDS = [
  'pid',
  'startTime',
  'ppid',
  'name',
  'cmd',
  'state',
  'orphan',
  'daemon',
  'kernelThread',
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
/** The extra fields of a row (VIRT, SHR, NI, PRI, core, user, %MEM, TIME+, I/O) as one comparable string; absent ones are empty. */
function extrasKey(p: RowProps): string {
  const r = p.item.row;
  return `${r.virt ?? ''}/${r.shr ?? ''}/${r.nice ?? ''}/${r.priority ?? ''}/${r.lastCore ?? ''}/${r.user}/${r.memPct?.toFixed(1) ?? ''}/${r.cpuTimeMs === undefined ? '' : Math.floor(r.cpuTimeMs / 10)}/${r.io?.readBps ?? ''}/${r.io?.writeBps ?? ''}/${r.net?.sockets ?? ''}/${r.net?.bytesSent ?? ''}/${r.net?.bytesReceived ?? ''}`;
}

function sameProcRow(a: RowProps, b: RowProps): boolean {
  if (a.tagged !== b.tagged) return false;
  if (extrasKey(a) !== extrasKey(b)) return false;
  if (a.top !== b.top || a.selected !== b.selected || a.expanded !== b.expanded || a.runName !== b.runName || a.t !== b.t) return false;
  if (!!a.deadlocked !== !!b.deadlocked) return false;
  if (
    a.gridStyle !== b.gridStyle ||
    a.columns !== b.columns ||
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

interface ActionsProps {
  row: ProcRow;
  onSelect: (pid: number) => void;
  onAct: (row: ProcRow, a: SignalAction) => void;
  t: TFn;
}

/** The row's action buttons: they depend on the process's identity and state, not on its CPU or memory. */
const RowActions = memo(function RowActions({ row: r, onSelect, onAct, t }: ActionsProps) {
  const prot = protectedReason(r);
  return (
    <div className="td td-actions" role="gridcell">
      {prot && (
        <span className="row-protected" title={t(prot.why)} data-testid={`protected-${r.pid}`}>
          {t(prot.label)}
        </span>
      )}
      {r.exited === null && !prot && (
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
