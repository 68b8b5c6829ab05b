import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SignalAction } from '../../../shared/commands';
import type { ProcRow } from '../../../shared/model';
import { useI18n } from '../i18n/I18nProvider';
import { pick } from '../i18n/translate';
import { notify } from '../ui/notices';
import { ACTIONS, actionDef, actionNotes, errorInfo, isActionEnabled, needsConfirmation, protectedReason } from './actions';
import './control.css';

interface ControlValue {
  /** Sends the action, asking first for processes outside the app's runs. */
  act: (row: ProcRow, action: SignalAction) => void;
  openMenu: (row: ProcRow, x: number, y: number) => void;
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
  const [confirm, setConfirm] = useState<{ row: ProcRow; action: SignalAction } | null>(null);
  const [menu, setMenu] = useState<{ row: ProcRow; x: number; y: number } | null>(null);

  const send = useCallback(
    async (row: ProcRow, action: SignalAction, confirmed: boolean) => {
      try {
        const res = await window.proclab.signal({
          pid: row.pid,
          startTime: row.startTime,
          action,
          ...(confirmed ? { confirm: true } : {}),
        });
        notify('ok', t('notice.done', { message: res.text ? pick(lang, res.text) : res.message }));
      } catch (e) {
        const err = errorInfo(e, lang);
        if (err.code === 'confirm-required' && !confirmed) {
          setConfirm({ row, action });
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
    (row: ProcRow, action: SignalAction) => {
      setMenu(null);
      if (needsConfirmation(row)) setConfirm({ row, action });
      else void send(row, action, false);
    },
    [send],
  );
  const openMenu = useCallback((row: ProcRow, x: number, y: number) => setMenu({ row, x, y }), []);
  const value = useMemo(() => ({ act, openMenu, busy: confirm !== null || menu !== null }), [act, openMenu, confirm, menu]);

  return (
    <ControlContext.Provider value={value}>
      {children}
      {menu && <ContextMenu {...menu} onClose={() => setMenu(null)} onPick={(a) => act(menu.row, a)} />}
      {confirm && (
        <ConfirmDialog
          row={confirm.row}
          action={confirm.action}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const c = confirm;
            setConfirm(null);
            void send(c.row, c.action, true);
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
}: {
  row: ProcRow;
  x: number;
  y: number;
  onClose: () => void;
  onPick: (a: SignalAction) => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
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
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
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
  const left = Math.min(x, window.innerWidth - 280);
  const top = Math.min(y, window.innerHeight - 260);
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
    </div>
  );
}

function ConfirmDialog({
  row,
  action,
  onCancel,
  onConfirm,
}: {
  row: ProcRow;
  action: SignalAction;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  const def = actionDef(action);
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    okRef.current?.focus();
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
        <p>{t('confirm.body', { action: t(def.label), pid: row.pid, name: row.name, what: t(def.does) })}</p>
        {actionNotes(def.action, row).map((k) => (
          <p key={k} className="warn-text" role="note" data-testid="confirm-note">
            {t(k)}
          </p>
        ))}
        <p className="muted mono small">{row.cmd}</p>
        <div className="modal-actions">
          <button type="button" onClick={onCancel} data-testid="confirm-cancel">
            {t('confirm.cancel')}
          </button>
          <button
            type="button"
            ref={okRef}
            className={def.danger ? 'btn-danger' : 'btn-primary'}
            onClick={onConfirm}
            data-testid="confirm-ok"
          >
            {t('confirm.ok', { action: t(def.label), pid: row.pid })}
          </button>
        </div>
      </div>
    </div>
  );
}
