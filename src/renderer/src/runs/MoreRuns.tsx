import { useCallback, useEffect, useRef, useState } from 'react';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { useStore } from '../store/hooks';
import { notify } from '../ui/notices';
import { loadMoreRuns } from '../runview/run-pages';

/**
 * The end of the runs table while more runs are on the host: loads the next page when it scrolls
 * into view (and on click, for keyboards and machines without IntersectionObserver).
 */
export function MoreRuns({ shown }: { shown: number }) {
  const { t, lang } = useI18n();
  const { next, total } = useStore((s) => s.runPages);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const busyRef = useRef(false);

  const more = useCallback((): void => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    loadMoreRuns()
      .catch((e: unknown) => notify('error', t('runs.moreFailed', { message: errorInfo(e, lang).message })))
      .finally(() => {
        busyRef.current = false;
        setBusy(false);
      });
  }, [t, lang]);

  useEffect(() => {
    const el = ref.current;
    if (!el || next === null || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) more();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [next, more]);

  if (next === null) return null;
  return (
    <div className="runs-more" ref={ref} data-testid="runs-more" data-shown={shown} data-total={Math.max(total, shown)}>
      <span className="muted">{t('runs.shownOf', { shown, total: Math.max(total, shown) })}</span>
      <button type="button" onClick={more} disabled={busy} data-testid="runs-load-more">
        {busy ? t('runs.loadingMore') : t('runs.loadMore')}
      </button>
    </div>
  );
}
