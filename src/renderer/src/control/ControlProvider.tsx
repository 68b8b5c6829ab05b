import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SignalAction } from '../../../shared/commands';
import type { ProcRow } from '../../../shared/model';
import { SIGNAL_DEFAULT_TEXT, SIGNALS, signalInfo, type SignalName } from '../../../shared/signals';
import { useConnection } from '../bridge/connection';
import { useI18n } from '../i18n/I18nProvider';
import { notify } from '../ui/notices';
import { ACTIONS, actionDef, actionNotes, doneMessage, errorInfo, isActionEnabled, needsConfirmation, protectedReason } from './actions';
import { PriorityDialog, type PriorityKind } from './PriorityDialog';
import './control.css';

interface ControlValue {
  /** Sends the action (with action 'signal': `signal`), asking first for processes outside the app's runs. */
  act: (row: ProcRow, action: SignalAction, signal?: SignalName) => void;
  openMenu: (row: ProcRow, x: number, y: number) => void;
  /** The same action on several processes (tagged rows): one confirmation if any is outside the runs. */
  actMany: (rows: ProcRow[], action: SignalAction) => void;
  /** A dialog or menu is open (keyboard shortcuts of the tables pause). */
  busy: boolean;
}

const ControlContext = createContext<ControlValue | null>(null);

export function useControl(): ControlValue {
  const v = useContext(ControlContext);
  if (!v) throw new Error('useControl outside <ControlProvider>');
  return v;
}

export function ControlProvider({ children }: { children: ReactNode }) {
  const { t, lang } = useI18n();
  const [confirm, setConfirm] = useState<{ row: ProcRow; action: SignalAction; signal?: SignalName } | null>(null);
  const [menu, setMenu] = useState<{ row: ProcRow; x: number; y: number } | null>(null);
  const [prio, setPrio] = useState<{ row: ProcRow; kind: PriorityKind } | null>(null);
  const closePrio = useCallback(() => setPrio(null), []);
  // Keyboard shortcuts and menus reach here too: without a host there is nobody to act.
  const offline = useConnection().state !== 'connected';
  const [batch, setBatch] = useState<{ rows: ProcRow[]; action: SignalAction } | null>(null);

  const sendMany = useCallback(
    async (rows: ProcRow[], action: SignalAction, confirmed: boolean) => {
      let ok = 0;
      const refusals: string[] = [];
      for (const row of rows) {
        try {
          await window.proclab.signal({ pid: row.pid, startTime: row.startTime, action, ...(confirmed && { confirm: true }) });
          ok++;
        } catch (e) {
          refusals.push(errorInfo(e, lang).message);
        }
      }
      const label = t(actionDef(action).label);
      if (ok) notify('ok', t('batch.done', { action: label, ok, n: rows.length }));
      for (const m of refusals.slice(0, 3)) notify('warn', t('notice.refused', { message: m }));
    },
    [t, lang],
  );
  const actMany = useCallback(
    (rows: ProcRow[], action: SignalAction) => {
      const able = rows.filter((r) => isActionEnabled(r, action));
      if (!able.length || offline) return;
      if (able.some(needsConfirmation)) setBatch({ rows: able, action });
      else void sendMany(able, action, false);
    },
    [sendMany, offline],
  );

  const send = useCallback(
    async (row: ProcRow, action: SignalAction, confirmed: boolean, signal?: SignalName) => {
      try {
        const res = await window.proclab.signal({
          pid: row.pid,
          startTime: row.startTime,
          action,
          ...(signal ? { signal } : {}),
          ...(confirmed ? { confirm: true } : {}),
        });
        notify('ok', t('notice.done', { message: doneMessage(res, signal, lang, t) }));
      } catch (e) {
        const err = errorInfo(e, lang);
        if (err.code === 'confirm-required' && !confirmed) {
          setConfirm({ row, action, signal });
          return;
        }
        notify(
          err.code === 'refused' || err.code === 'not-found' ? 'warn' : 'error',
          t(err.code === 'refused' ? 'notice.refused' : 'notice.failed', { message: err.message }),
        );
      }
    },
    [t, lang],
  );

  const act = useCallback(
    (row: ProcRow, action: SignalAction, signal?: SignalName) => {
      setMenu(null);
      if (offline) return;
      if (needsConfirmation(row)) setConfirm({ row, action, signal });
      else void send(row, action, false, signal);
    },
    [send, offline],
  );
  const openMenu = useCallback((row: ProcRow, x: number, y: number) => !offline && setMenu({ row, x, y }), [offline]);
  const value = useMemo(
    () => ({ act, openMenu, actMany, busy: confirm !== null || menu !== null || prio !== null || batch !== null }),
    [act, openMenu, actMany, confirm, menu, prio, batch],
  );

  return (
    <ControlContext.Provider value={value}>
      {children}
      {menu && (
        <ContextMenu
          {...menu}
          onClose={() => setMenu(null)}
          onPick={(a, sig) => act(menu.row, a, sig)}
          onPriority={(kind) => {
            setMenu(null);
            setPrio({ row: menu.row, kind });
          }}
        />
      )}
      {prio && <PriorityDialog row={prio.row} kind={prio.kind} onClose={closePrio} />}
      {batch && (
        <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setBatch(null)}>
          <div className="modal" role="alertdialog" aria-modal="true" data-testid="batch-confirm">
            <h2>{t('batch.confirmTitle', { n: batch.rows.length })}</h2>
            <p>
              {t('batch.confirmBody', {
                action: t(actionDef(batch.action).label),
                n: batch.rows.length,
                foreign: batch.rows.filter(needsConfirmation).length,
              })}
            </p>
            <p className="muted mono small">{batch.rows.map((r) => `${r.pid} ${r.name}`).join(' · ')}</p>
            <div className="modal-actions">
              {/* Cancel has the focus: Enter on a dialog that appeared under the keyboard must not destroy. */}
              <button type="button" onClick={() => setBatch(null)} data-testid="batch-cancel" autoFocus>
                {t('confirm.cancel')}
              </button>
              <button
                type="button"
                className={actionDef(batch.action).danger ? 'btn-danger' : 'btn-primary'}
                data-testid="batch-ok"
                onClick={() => {
                  const b = batch;
                  setBatch(null);
                  void sendMany(b.rows, b.action, true);
                }}
              >
                {t('batch.ok', { action: t(actionDef(batch.action).label), n: batch.rows.length })}
              </button>
            </div>
          </div>
        </div>
      )}
      {confirm && (
        <ConfirmDialog
          row={confirm.row}
          action={confirm.action}
          signal={confirm.signal}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const c = confirm;
            setConfirm(null);
            void send(c.row, c.action, true, c.signal);
          }}
        />
      )}
    </ControlContext.Provider>
  );
}

function ContextMenu({
  row,
  x,
  y,
  onClose,
  onPick,
  onPriority,
}: {
  row: ProcRow;
  x: number;
  y: number;
  onClose: () => void;
  onPick: (a: SignalAction, signal?: SignalName) => void;
  onPriority: (kind: PriorityKind) => void;
}) {
  const { t, p } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [pickedSignal, setPickedSignal] = useState<SignalName>('SIGHUP');
  const alive = isActionEnabled(row, 'signal');
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)');
    first?.focus();
    const onDown = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
      // Inside the signal picker the arrows choose a signal.
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && (e.target as HTMLElement | null)?.tagName !== 'SELECT') {
        e.preventDefault();
        const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
        const i = items.indexOf(document.activeElement as HTMLButtonElement);
        items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
      }
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [onClose]);
  // Placed at the click, then moved in by its real size: the menu grew (signal picker,
  // priorities) past any fixed guess, and an item below the window cannot be clicked.
  const [pos, setPos] = useState({ left: x, top: y });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const margin = 8;
    setPos({
      left: Math.max(margin, Math.min(x, window.innerWidth - el.offsetWidth - margin)),
      top: Math.max(margin, Math.min(y, window.innerHeight - el.offsetHeight - margin)),
    });
  }, [x, y]);
  const { left, top } = pos;
  const prot = protectedReason(row);
  return (
    <div ref={ref} className="context-menu" role="menu" style={{ left, top }} data-testid="context-menu">
      <div className="context-menu-title">{t('action.menuTitle', { pid: row.pid, name: row.name })}</div>
      {prot && (
        <div className="context-menu-note" data-testid="menu-protected">
          {t(prot.why)}
        </div>
      )}
      {!prot &&
        ACTIONS.map((a) => (
          <button
            key={a.action}
            type="button"
            role="menuitem"
            className={a.danger ? 'danger' : ''}
            disabled={!isActionEnabled(row, a.action)}
            data-testid={`menu-${a.action}`}
            onClick={() => onPick(a.action)}
            title={t(a.does)}
          >
            <span>{t(a.label)}</span>
            <kbd>{a.key}</kbd>
          </button>
        ))}
      {!prot && (
        <div className="context-menu-signal">
          <label className="context-menu-title" htmlFor="menu-signal-pick">
            {t('signal.menu')}
          </label>
          <div className="context-menu-signal-row">
            <select
              id="menu-signal-pick"
              aria-label={t('signal.pick')}
              value={pickedSignal}
              disabled={!alive}
              onChange={(e) => setPickedSignal(e.target.value as SignalName)}
              data-testid="menu-signal-pick"
            >
              {SIGNALS.map((s) => (
                <option key={s.name} value={s.name} title={p(s.does)}>
                  {s.name.slice(3)} · {p(s.does)}
                </option>
              ))}
            </select>
            <button
              type="button"
              role="menuitem"
              className={signalInfo(pickedSignal).catchable ? '' : 'danger'}
              disabled={!alive}
              onClick={() => onPick('signal', pickedSignal)}
              data-testid="menu-signal-send"
            >
              {t('signal.send')}
            </button>
          </div>
        </div>
      )}
      {!prot &&
        (['renice', 'affinity'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="menuitem"
            disabled={!!row.exited || row.state === 'zombie'}
            data-testid={`menu-${k}`}
            onClick={() => onPriority(k)}
          >
            <span>{t(k === 'renice' ? 'prio.renice' : 'prio.affinity')}</span>
          </button>
        ))}
    </div>
  );
}

function ConfirmDialog({
  row,
  action,
  signal,
  onCancel,
  onConfirm,
}: {
  row: ProcRow;
  action: SignalAction;
  signal?: SignalName;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t, p } = useI18n();
  const def = actionDef(action);
  const sig = action === 'signal' && signal ? signalInfo(signal) : null;
  // The safe choice has the focus: the dialog often opens from a key (s, k …) pressed in the
  // table, and a second Enter or space must not send the signal.
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onCancel]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog">
        <h2 id="confirm-title">{t('confirm.title')}</h2>
        <p>
          {sig
            ? t('confirm.signalBody', {
                signal: sig.name,
                pid: row.pid,
                name: row.name,
                does: p(sig.does),
                dflt: p(SIGNAL_DEFAULT_TEXT[sig.dflt]),
              })
            : t('confirm.body', { action: t(def.label), pid: row.pid, name: row.name, what: t(def.does) })}
        </p>
        {actionNotes(def.action, row).map((k) => (
          <p key={k} className="warn-text" role="note" data-testid="confirm-note">
            {t(k)}
          </p>
        ))}
        <p className="muted mono small">{row.cmd}</p>
        <div className="modal-actions">
          <button type="button" ref={cancelRef} onClick={onCancel} data-testid="confirm-cancel">
            {t('confirm.cancel')}
          </button>
          <button
            type="button"
            className={def.danger || (sig && !sig.catchable) ? 'btn-danger' : 'btn-primary'}
            onClick={onConfirm}
            data-testid="confirm-ok"
          >
            {sig ? t('confirm.signalOk', { signal: sig.name, pid: row.pid }) : t('confirm.ok', { action: t(def.label), pid: row.pid })}
          </button>
        </div>
      </div>
    </div>
  );
}
