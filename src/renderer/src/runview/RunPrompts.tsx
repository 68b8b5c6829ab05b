import { useState } from 'react';
import type { RunInfo } from '../../../shared/model';
import type { PromptSpec } from '../../../shared/scenario';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import type { RunLive } from '../store/state';
import { notify } from '../ui/notices';
import { duePrompts, signalOfAction, type PromptState } from '../model/prompts';
import './prompts.css';

/** The manifest's "do this now" moments of a live run, each with the button that does it to the run's root. */
export function RunPrompts({ run, live, specs }: { run: RunInfo; live: RunLive | null; specs: readonly PromptSpec[] }) {
  const { t, p, lang } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  if (run.status !== 'running' || !live || !specs.length || run.rootPid === null) return null;
  const due = duePrompts(specs, live.timeline.toArray(), run.rootPid);
  if (!due.length) return null;
  const pid = run.rootPid;
  const act = (d: PromptState): void => {
    setBusy(d.spec.id);
    const req = d.action.kind === 'signal' ? { pid, action: 'signal' as const, signal: d.action.signal } : { pid, action: d.action.kind };
    window.proclab
      .signal(req)
      .catch((e) => notify('warn', t('notice.failed', { message: errorInfo(e, lang).message })))
      .finally(() => setBusy(null));
  };
  return (
    <>
      {due.map((d) => (
        <section key={d.spec.id} className="run-prompt" role="status" data-testid="run-prompt" data-prompt={d.spec.id}>
          <p>
            <strong>☞ </strong>
            {p(d.spec.text)}
          </p>
          <button type="button" className="btn-primary" disabled={busy === d.spec.id} data-testid="prompt-action" onClick={() => act(d)}>
            {d.spec.button
              ? p(d.spec.button)
              : d.action.kind === 'signal'
                ? t('prompt.send', { signal: d.action.signal })
                : // The signal's name too: the run's own Stop button ends the run, this one only pauses.
                  `${t(`action.${d.action.kind}`)} (${signalOfAction(d.action)})`}
          </button>
        </section>
      ))}
    </>
  );
}
