import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export type NoticeTone = 'ok' | 'warn' | 'error';
export interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
}

let notices: Notice[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = (): void => listeners.forEach((l) => l());

/** Shows a short message in the corner; errors stay until dismissed, others fade after a while. */
export function notify(tone: NoticeTone, text: string): void {
  const id = nextId++;
  notices = [...notices.slice(-4), { id, tone, text }];
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
          <span>{n.text}</span>
          <button type="button" className="icon-btn" aria-label={t('notice.dismiss')} onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
