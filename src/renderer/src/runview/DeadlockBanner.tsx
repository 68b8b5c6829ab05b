import { useState } from 'react';
import type { DeadlockEvent, LockOrder, OwnerLink, RunInfo, SourceSite } from '../../../shared/model';
import { errorInfo } from '../control/actions';
import { useControl } from '../control/ControlProvider';
import { useI18n } from '../i18n/I18nProvider';
import { useStore } from '../store/hooks';
import { notify } from '../ui/notices';
import './lanes.css';
import { procKey } from '../../../shared/proc-key';
import { isScratchSite, scratchFile, siteText } from '../model/stacks';
import { revealInScratchpad } from '../store/draft';

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
            {/* The owners' list below says the same cycle line by line, with links: the sentence only when the program's marks named another. */}
            {d.cycleText && !(d.owners?.length && d.ownersText && d.cycleText.en === d.ownersText.en) && (
              <p data-testid="deadlock-cycle">{t('deadlock.cycle', { cycle: p(d.cycleText) })}</p>
            )}
            {!!d.owners?.length && <OwnerCycle links={d.owners} run={run} />}
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

/** A source line of a lock: a button that moves the scratchpad's editor there when it is the run's own program. */
function Site({ site, run }: { site: SourceSite | null; run: RunInfo | undefined }) {
  const { t } = useI18n();
  const scratch = scratchFile(run);
  if (!site || !run?.source || !isScratchSite(site.file, scratch, run.cwd))
    return (
      <span className="mono" title={site?.file}>
        {siteText(site, run?.cwd)}
      </span>
    );
  const src = run.source;
  return (
    <button
      type="button"
      className="link-btn mono"
      title={t('deadlock.lineHelp', { line: site.line })}
      data-testid="deadlock-site"
      data-line={site.line}
      onClick={() => revealInScratchpad(src.runtime, src.code, run.name, site.line)}
    >
      {siteText(site, run.cwd)}
    </button>
  );
}

/** The cycle, one waiting thread a line: who waits where for which lock, and who holds it. */
function OwnerCycle({ links, run }: { links: readonly OwnerLink[]; run: RunInfo | undefined }) {
  const { t } = useI18n();
  return (
    <div className="deadlock-owners" data-testid="deadlock-owners">
      <strong className="small">{t('deadlock.owners')}</strong>
      <ul>
        {links.map((l, i) => (
          <li key={i} data-testid="deadlock-owner" data-thread={l.thread} data-holder={l.holder}>
            <span className="mono">{l.thread}</span> {t('deadlock.at')} <Site site={l.at} run={run} />{' '}
            {t('deadlock.waitsFor', { lock: l.lock, holder: l.holder })}
            {l.heldAt && (
              <>
                {' · '}
                <span className="muted">{t('deadlock.tookAt', { holder: l.holder })}</span> <Site site={l.heldAt} run={run} />
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Lock-order inversions (one per pair of orders): a deadlock that could happen, with both pairs of lines. */
export function PotentialBanner({ events }: { events: readonly DeadlockEvent[] }) {
  const { t } = useI18n();
  const runs = useStore((s) => s.runs);
  const seen = new Set<string>();
  const shown = events.filter((e) => {
    if (e.kind !== 'potential' || !e.inversion) return false;
    const k = `${e.pid}:${orderKey(e.inversion.first)}|${orderKey(e.inversion.second)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (!shown.length) return null;
  return (
    <>
      {shown.map((e, i) => {
        const run = e.runId ? runs[e.runId] : undefined;
        const inv = e.inversion!;
        return (
          <section key={i} className="deadlock-banner potential" role="note" data-testid="potential-deadlock" data-pid={e.pid}>
            <h3>⚠ {t('potential.title')}</h3>
            <p className="help">{t('potential.help')}</p>
            <ul>
              {[inv.first, inv.second].map((o, j) => (
                <li key={j} data-testid="potential-order" data-thread={o.thread}>
                  <span className="mono">{o.thread}</span> {t('potential.took', { lock: o.lock })} <Site site={o.at} run={run} />,{' '}
                  {t('potential.then', { lock: o.then })} <Site site={o.thenAt} run={run} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

function orderKey(o: LockOrder): string {
  return `${o.thread}>${o.lock}>${o.then}`;
}
