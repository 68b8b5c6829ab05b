import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export type NoticeTone = 'ok' | 'warn' | 'error';
export interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
  /** How many times the same message came while it was shown. */
  count?: number;
}

/** Notices shown at once: five exports used to stack five toasts over the charts. */
export const MAX_NOTICES = 2;

/**
 * The list after one more notice: the same words again count up on the one shown (and restart
 * its timer through the new id) instead of stacking; beyond MAX_NOTICES the oldest go.
 */
export function addNotice(list: readonly Notice[], n: Notice, max = MAX_NOTICES): Notice[] {
  const same = list.find((x) => x.tone === n.tone && x.text === n.text);
  const rest = list.filter((x) => x !== same);
  const merged = same ? { ...n, count: (same.count ?? 1) + 1 } : n;
  return [...rest, merged].slice(-max);
}

let notices: Notice[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = (): void => listeners.forEach((l) => l());

/** Shows a short message in the corner; errors stay until dismissed, others fade after a while. */
export function notify(tone: NoticeTone, text: string): void {
  const id = nextId++;
  notices = addNotice(notices, { id, tone, text });
  emit();
  setTimeout(() => dismiss(id), tone === 'error' ? 15_000 : 6_000);
}

export function dismiss(id: number): void {
  notices = notices.filter((n) => n.id !== id);
  emit();
}

export function Notices() {
  const list = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => notices,
  );
  const { t } = useI18n();
  return (
    <div className="notices" role="status" aria-live="polite">
      {list.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} data-testid="notice" data-tone={n.tone}>
          <span>
            {n.text}
            {n.count && n.count > 1 ? <span className="notice-count"> ×{n.count}</span> : null}
          </span>
          <button type="button" className="icon-btn" aria-label={t('notice.dismiss')} onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
