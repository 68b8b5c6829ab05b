import { useState } from 'react';
import type { DeadlockEvent } from '../../../shared/model';
import { errorInfo } from '../control/actions';
import { useControl } from '../control/ControlProvider';
import { useI18n } from '../i18n/I18nProvider';
import { useStore } from '../store/hooks';
import { notify } from '../ui/notices';
import './lanes.css';
import { procKey } from '../../../shared/proc-key';

/** The watchdog's suspicion, with the wait-for cycle when the program's marks give it, and what to do. */
export function DeadlockBanner({ events, ended = false }: { events: readonly DeadlockEvent[]; ended?: boolean }) {
  const { t, p, lang } = useI18n();
  const control = useControl();
  const runs = useStore((s) => s.runs);
  const rows = useStore((s) => s.tick?.processes);
  const [stopping, setStopping] = useState<string | null>(null);
  if (!events.length) return null;
  return (
    <>
      {events.map((d) => {
        const run = d.runId ? runs[d.runId] : undefined;
        const row = rows?.find((r) => r.pid === d.pid && r.startTime === d.startTime);
        const words = d.locks.map((l) => `${l.word ?? '?'} (${l.tids.length})`).join(', ');
        return (
          <section
            key={procKey(d.pid, d.startTime)}
            className={`deadlock-banner${ended ? ' ended' : ''}`}
            role={ended ? 'note' : 'alert'}
            data-testid="deadlock-banner"
            data-ended={ended}
            data-pid={d.pid}
          >
            <h3>⚠ {t(ended ? 'deadlock.titleEnded' : 'deadlock.title')}</h3>
            <p>{p(d.text)}</p>
            <p className="mono small">{t('deadlock.locks', { words })}</p>
            {d.cycleText && <p data-testid="deadlock-cycle">{t('deadlock.cycle', { cycle: p(d.cycleText) })}</p>}
            {d.source === 'wchan' && <p className="muted small">{t('deadlock.wchan')}</p>}
            <div className="actions">
              {run?.status === 'running' && (
                <button
                  type="button"
                  className="btn-danger"
                  disabled={stopping === run.id}
                  data-testid="deadlock-stop-run"
                  onClick={() => {
                    setStopping(run.id);
                    window.proclab
                      .stopRun({ runId: run.id })
                      .catch((e) => notify('error', t('common.error', { message: errorInfo(e, lang).message })))
                      .finally(() => setStopping(null));
                  }}
                >
                  ■ {t('deadlock.stopRun')}
                </button>
              )}
              {!ended && row && !row.exited && (
                <button type="button" data-testid="deadlock-kill" onClick={() => control.act(row, 'kill')}>
                  ✕ {t('deadlock.kill')}
                </button>
              )}
            </div>
          </section>
        );
      })}
    </>
  );
}
