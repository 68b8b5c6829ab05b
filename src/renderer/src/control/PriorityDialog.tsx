import { useEffect, useRef, useState } from 'react';
import type { ProcRow } from '../../../shared/model';
import { useI18n } from '../i18n/I18nProvider';
import { pick } from '../i18n/translate';
import { notify } from '../ui/notices';
import { errorInfo } from './actions';

export type PriorityKind = 'renice' | 'affinity';

/**
 * Renice or pin a process. For a process outside the app's runs this dialog is also the
 * confirmation the engine asks for (it says so), as the signal dialog is for signals.
 */
export function PriorityDialog({ row, kind, onClose }: { row: ProcRow; kind: PriorityKind; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [value, setValue] = useState(kind === 'renice' ? String(row.nice ?? 0) : '');
  const inputRef = useRef<HTMLInputElement>(null);
  const foreign = row.runId === null;
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  const submit = async (): Promise<void> => {
    const base = { pid: row.pid, startTime: row.startTime, ...(foreign && { confirm: true }) };
    try {
      const res =
        kind === 'renice'
          ? await window.proclab.renice({ ...base, nice: Number(value) })
          : await window.proclab.setAffinity({ ...base, cores: value.replace(/\s+/g, '') });
      notify('ok', t('notice.done', { message: pick(lang, res.text) }));
      onClose();
    } catch (e) {
      const err = errorInfo(e, lang);
      notify(err.code === 'refused' || err.code === 'invalid-payload' ? 'warn' : 'error', t('notice.refused', { message: err.message }));
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="prio-title"
        data-testid="priority-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="prio-title">{t(kind === 'renice' ? 'prio.reniceTitle' : 'prio.affinityTitle', { pid: row.pid, name: row.name })}</h2>
        <p className="muted small">{t(kind === 'renice' ? 'prio.reniceHelp' : 'prio.affinityHelp')}</p>
        <label className="inline-field">
          <span>{t(kind === 'renice' ? 'prio.nice' : 'prio.cores')}</span>
          <input
            ref={inputRef}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            inputMode={kind === 'renice' ? 'numeric' : 'text'}
            data-testid="priority-input"
          />
        </label>
        {foreign && <p className="small">{t('prio.foreign', { pid: row.pid })}</p>}
        <div className="modal-actions">
          <button type="button" onClick={onClose} data-testid="priority-cancel">
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="btn-primary" data-testid="priority-ok">
            {t('prio.apply')}
          </button>
        </div>
      </form>
    </div>
  );
}
