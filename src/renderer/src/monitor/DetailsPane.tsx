import { useEffect, useRef, useState } from 'react';
import type { HistoryPoint, ProcDetails, ProcRow } from '../../../shared/model';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import type { TFn } from '../i18n/translate';
import { fdKindWord, tcpStateWord } from '../proctable/netText';
import { fmtBytes, fmtDateTime, fmtPct } from '../../../shared/format';
import { StacksPanel } from '../proctable/StacksPanel';
import { procKey } from '../../../shared/proc-key';
import { scratchFrames } from '../runview/RunStacks';
import { useStore } from '../store/hooks';
import { useScrollIntoViewOnOpen } from '../ui/viewport';
import { RowBadges } from '../badges/StateBadge';
import { limitWord } from './limitNames';

const POLL_MS = 2000;

/** A line needs two points; until the history has them the graph says it is still collecting. */
const MIN_SPARK_POINTS = 2;

/** A small line graph of one series of the history (inline SVG: a few hundred points). */
export function Spark({
  points,
  pick,
  label,
  fmt,
  t,
}: {
  points: HistoryPoint[];
  pick: (p: HistoryPoint) => number;
  label: string;
  fmt: (v: number) => string;
  t: TFn;
}) {
  const W = 300;
  const H = 48;
  const vals = points.map(pick);
  const max = Math.max(1e-9, ...vals);
  const t0 = points[0]?.t ?? 0;
  const span = Math.max(1, (points.at(-1)?.t ?? 1) - t0);
  const path = points.map((p) => `${((p.t - t0) / span) * W},${H - (pick(p) / max) * (H - 2) - 1}`).join(' ');
  return (
    <figure className="spark">
      <figcaption className="muted small">
        {label}: {vals.length ? fmt(vals.at(-1)!) : '—'}{' '}
        <span className="muted">{t('details.max', { v: fmt(vals.length ? max : 0) })}</span>
      </figcaption>
      {points.length < MIN_SPARK_POINTS ? (
        // A process opened a moment after it started has no history yet: an empty graph would read as broken.
        <div className="spark-collecting muted small" style={{ height: H }} data-testid="spark-collecting">
          {t('details.collecting')}
        </div>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} preserveAspectRatio="none" role="img" aria-label={label}>
          <polyline points={path} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
        </svg>
      )}
    </figure>
  );
}

/** What the engine knows about the selected process, refreshed every 2 s while it is shown. */
export function DetailsPane({ row, onClose }: { row: ProcRow; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [d, setD] = useState<ProcDetails | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [showEnv, setShowEnv] = useState(false);
  const [showStacks, setShowStacks] = useState(false);
  const run = useStore((s) => (row.runId ? s.runs[row.runId] : undefined));
  const { pid, startTime } = row;
  // PPID and thread count as the table shows them now (the row picked may be several ticks old).
  const live =
    useStore((s) => {
      const same = (r: ProcRow): boolean => r.pid === pid && r.startTime === startTime;
      return s.tick?.processes.find(same) ?? s.tick?.table?.items.find((i) => same(i.row))?.row;
    }) ?? row;
  const ref = useRef<HTMLElement | null>(null);
  useScrollIntoViewOnOpen(ref, procKey(pid, startTime));

  useEffect(() => {
    let alive = true;
    const load = (): void => {
      window.proclab
        .processDetails({ pid, startTime, ...(showEnv && { env: true }) })
        .then((r) => {
          if (!alive) return;
          setD(r);
          setErr(null);
        })
        .catch((e) => alive && setErr(errorInfo(e, lang).message));
    };
    load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [pid, startTime, showEnv, lang]);

  return (
    <section ref={ref} className="card details-pane" data-testid="details-pane" aria-label={t('details.title', { pid })}>
      <header className="card-head">
        <h2>{t('details.title', { pid })}</h2>
        <button type="button" onClick={onClose} data-testid="details-close">
          {t('details.close')}
        </button>
      </header>
      {err && <p className="error">{err}</p>}
      {!d ? (
        !err && <p className="muted">{t('details.loading')}</p>
      ) : (
        <div className="details-grid">
          <dl className="details-facts">
            <dt>{t('details.cmdline')}</dt>
            <dd className="mono" data-testid="details-cmdline">
              {d.cmdline}
            </dd>
            <dt>{t('details.exe')}</dt>
            <dd className="mono">{d.exe ?? '—'}</dd>
            <dt>{t('details.cwd')}</dt>
            <dd className="mono" data-testid="details-cwd">
              {d.cwd ?? '—'}
            </dd>
            <dt>{t('details.ppid')}</dt>
            <dd className="mono" data-testid="details-ppid">
              {live.ppid}
            </dd>
            <dt>{t('details.state')}</dt>
            <dd data-testid="details-state" data-state={d.state}>
              <RowBadges row={{ ...live, state: d.state }} />
            </dd>
            <dt>{t('details.threads')}</dt>
            <dd className="mono" data-testid="details-threads">
              {live.threads}
            </dd>
            <dt>{t('details.started')}</dt>
            <dd>{fmtDateTime(d.startedAt)}</dd>
            <dt>{t('details.user')}</dt>
            <dd>{d.user ?? '—'}</dd>
            <dt>{t('details.nice')}</dt>
            <dd>{d.nice ?? '—'}</dd>
            <dt>{t('details.cgroup')}</dt>
            <dd className="mono">{d.cgroup ?? '—'}</dd>
          </dl>
          <div>
            <h3>{t('details.history')}</h3>
            <div data-testid="details-history" data-points={d.history.length}>
              <Spark points={d.history} pick={(p) => p.cpu} label={t('details.histCpu')} t={t} fmt={(v) => `${fmtPct(v)} %`} />
              <Spark points={d.history} pick={(p) => p.rss} label={t('details.histRss')} t={t} fmt={fmtBytes} />
              <Spark
                points={d.history}
                pick={(p) => p.readBps + p.writeBps}
                label={t('details.histIo')}
                t={t}
                fmt={(v) => `${fmtBytes(v)}/s`}
              />
            </div>
          </div>
          <div data-testid="details-fds">
            <h3>{t('details.fds', { n: d.fds?.count ?? 0 })}</h3>
            {d.fds ? (
              <>
                <p className="small">
                  {Object.entries(d.fds.byKind)
                    .map(([k, n]) => `${fdKindWord(k, t)} ${n}`)
                    .join(' · ')}
                </p>
                <ul className="fd-list mono small">
                  {d.fds.list.slice(0, 40).map((f) => (
                    <li key={f.fd} data-kind={f.kind}>
                      {f.fd} → {f.target}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="muted small">{t('details.noAccess')}</p>
            )}
            {d.net && (d.net.listening.length > 0 || d.net.tcp.length > 0) && (
              <div data-testid="details-net">
                <h3>{t('details.net')}</h3>
                <ul className="mono small">
                  {d.net.listening.map((l) => (
                    <li key={l}>{t('details.listen', { addr: l })}</li>
                  ))}
                  {d.net.tcp.map((c) => (
                    <li key={c.inode}>
                      {c.local} → {c.remote} {tcpStateWord(c.state, t)}{' '}
                      {c.bytesSent !== null
                        ? t('details.bytes', { sent: fmtBytes(c.bytesSent), recv: fmtBytes(c.bytesReceived ?? 0) })
                        : ''}
                    </li>
                  ))}
                </ul>
                {d.net.bytesNote && <p className="muted small">{d.net.bytesNote[lang]}</p>}
              </div>
            )}
          </div>
          <details>
            <summary>{t('details.limits')}</summary>
            <table className="small">
              <tbody>
                {d.limits.map((l) => (
                  <tr key={l.name}>
                    <td>{limitWord(l.name, lang)}</td>
                    <td className="mono">{l.soft ?? '∞'}</td>
                    <td className="mono">{l.hard ?? '∞'}</td>
                    <td className="muted">{limitWord(l.unit, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <div>
            <button type="button" onClick={() => setShowEnv((v) => !v)} data-testid="details-env-toggle" aria-pressed={showEnv}>
              {showEnv ? t('details.envHide') : t('details.envShow')}
            </button>
            {showEnv && (
              <ul className="mono small env-list" data-testid="details-env">
                {(d.env ?? []).map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
                {d.env === null && <li className="muted">{t('details.noAccess')}</li>}
              </ul>
            )}
          </div>
        </div>
      )}
      <div className="details-stacks">
        <button type="button" onClick={() => setShowStacks((v) => !v)} aria-pressed={showStacks} data-testid="details-stacks-toggle">
          {showStacks ? t('details.stacksHide') : t('details.stacksShow')}
        </button>
        {showStacks && !row.exited && <StacksPanel key={procKey(pid, startTime)} pid={pid} cwd={d?.cwd} {...scratchFrames(run)} />}
      </div>
    </section>
  );
}
