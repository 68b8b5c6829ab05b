import { useEffect, useRef, useState } from 'react';
import type { RunInfo } from '../../../shared/model';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { RunPanel } from '../runview/RunPanel';
import { useStore } from '../store/hooks';
import { liveFromRunData, type RunLive } from '../store/state';
import { useSignalButtons } from '../ui/scenario-catalogue';
import { useScrollIntoViewOnOpen } from '../ui/viewport';

/** A run from the history: live buffers while it runs, otherwise its journal read back. */
export function RunDetail({ run, onClose }: { run: RunInfo; onClose: () => void }) {
  const { t, lang } = useI18n();
  const storeLive = useStore((s) => s.live[run.id] ?? null);
  const [loaded, setLoaded] = useState<RunLive | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = run.status === 'running';
  const signalButtons = useSignalButtons(run.scenarioId);
  useEffect(() => {
    if (running) return;
    let alive = true;
    setLoaded(null);
    window.proclab
      .getRun({ runId: run.id })
      .then((data) => alive && setLoaded(liveFromRunData(data)))
      .catch((e: unknown) => alive && setError(e ?? 'error'));
    return () => {
      alive = false;
    };
  }, [run.id, running]);
  const live = running ? storeLive : loaded;
  const ref = useRef<HTMLElement | null>(null);
  useScrollIntoViewOnOpen(ref, run.id);
  return (
    <section ref={ref} className="run-detail" data-testid="run-detail">
      <header className="card-head">
        <h2>{t('play.history')}</h2>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </header>
      {error !== null && <p className="error-text">{t('common.error', { message: errorInfo(error, lang).message })}</p>}
      {!live && error === null && <p className="muted">{t('play.loadingRun')}</p>}
      {live && <RunPanel run={run} live={live} signalButtons={signalButtons} />}
    </section>
  );
}
