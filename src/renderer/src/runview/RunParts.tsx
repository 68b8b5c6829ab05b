import { memo, useEffect, useMemo, useRef, useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartLegend } from '../charts/ChartLegend';
import { BAND_FILL, BAND_OPACITY, bandLegend, coreAxisMax, coreRefs, coreTicks } from '../charts/core-lines';
import type { Lang, LessonBand, RunInfo, Verdict } from '../../../shared/model';
import { claimOutcome, OUTCOME_MARKS, verdictOutcome } from '../../../shared/verdict';
import { Badge } from '../badges/StateBadge';
import { useI18n } from '../i18n/I18nProvider';
import type { MsgKey } from '../i18n/messages';
import { pick, pickMeasured, type TFn } from '../i18n/translate';
import type { LogLine, MetricPoint, RunLive } from '../store/state';
import type { TimelineItem } from '../model/timeline';
import type { RingBuffer } from '../store/ring';
import { secondsAxis, TOOLTIP_STYLE } from '../ui/chart';
import { fmtNum, fmtOffset } from '../../../shared/format';
import { metricWords } from '../ui/metrics';
import type { MetricSpec, ResultSpec } from '../../../shared/scenario';
import { resultFigures } from './result-labels';
import type { BadgeKind } from '../badges/badges';
import { connPointOf, connSeries, portGroups, type ConnPoint } from '../model/connections';
import type { RunNetEvent } from '../../../shared/model';
import { summarizeRun, type RunSummary } from './run-summary';

/** A copy of a ring buffer's items; `version` is the store version the copy belongs to (memo key). */
function snapshot<T>(ring: RingBuffer<T>, version: number): T[] {
  return version >= 0 ? ring.toArray() : [];
}

function runCoreData(live: RunLive, startedAt: number, version: number) {
  const series = snapshot(live.series, version);
  const machine = snapshot(live.machine, version);
  return series.map((pt, i) => ({ t: (pt.ts - startedAt) / 1000, run: pt.cores, machine: machine[i]?.busy ?? null }));
}

function metricData(metrics: Map<string, RingBuffer<MetricPoint>>, startedAt: number, version: number) {
  return [...metrics.entries()].map(([name, ring]) => ({
    name,
    data: snapshot(ring, version).map((m) => ({ t: (m.ts - startedAt) / 1000, v: m.value })),
  }));
}

export function RunStatusChip({ run }: { run: RunInfo }) {
  const { t } = useI18n();
  return (
    <span className={`status-chip status-${run.status}`} data-testid="run-status" data-status={run.status}>
      {run.status === 'running' ? '● ' : run.status === 'finished' ? '✓ ' : run.status === 'interrupted' ? '⚡ ' : '■ '}
      {t(`run.status.${run.status}` as MsgKey)}
    </span>
  );
}

export function VerdictView({ run, live }: { run: RunInfo; live?: RunLive | null }) {
  const { t, p, lang } = useI18n();
  if (run.status === 'running') return <div className="verdict-pending muted">{t('verdict.waiting')}</div>;
  const v: Verdict | null = run.verdict;
  // A program without a lesson (the scratchpad, a command) that ended by itself: say what was seen.
  if (!v && live && run.status === 'finished') return <RunSummaryView summary={summarizeRun(live)} />;
  if (!v)
    return (
      <section className="verdict verdict-none" data-testid="verdict" data-pass="none">
        <h3>{t('verdict.title')}</h3>
        <p className="muted">{t('verdict.none')}</p>
      </section>
    );
  const figures = Object.entries(v.figures);
  const outcome = verdictOutcome(v);
  return (
    <section className={`verdict verdict-${outcome}`} data-testid="verdict" data-pass={String(v.pass)} data-outcome={outcome}>
      <h3>
        <span className="verdict-mark" aria-hidden="true">
          {OUTCOME_MARKS[outcome]}
        </span>
        {t('verdict.title')}: {t(`verdict.${outcome}`)}
      </h3>
      {v.inconclusive && (
        <p className="verdict-why" data-testid="verdict-why">
          {p(v.inconclusive.text)}
        </p>
      )}
      <ul className="claims">
        {v.claims.map((c, i) => (
          <li key={i} className={`claim-${claimOutcome(c)}`} data-testid="claim" data-pass={String(c.pass)}>
            <span className="claim-mark" aria-label={claimOutcome(c)}>
              {OUTCOME_MARKS[claimOutcome(c)]}
            </span>
            <div>
              <div className="claim-text">{p(c.text)}</div>
              <div className="claim-measured">
                <span className="muted">{t('verdict.measured')}:</span> {pickMeasured(lang, c)}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {figures.length > 0 && (
        <details className="figures">
          <summary>{t('verdict.figures')}</summary>
          <table className="kv">
            <tbody>
              {figures.map(([k, val]) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td className="mono">{fmtNum(val, 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

/** Cores used by the run over time since its start, with the whole machine's busy cores for scale. */
export const RunCoreChart = memo(function RunCoreChart({
  live,
  startedAt,
  cores,
  version,
  band,
}: {
  live: RunLive;
  startedAt: number;
  cores: number;
  version: number;
  /** The lesson's pass band, shaded (absent: its lesson has none). */
  band?: LessonBand | undefined;
}) {
  const { t, p } = useI18n();
  // The ring buffers are mutated in place: `version` says when they changed.
  const data = useMemo(() => runCoreData(live, startedAt, version), [live, startedAt, version]);
  const last = data[data.length - 1];
  const refs = coreRefs(cores);
  return (
    <div
      className="run-chart"
      data-testid="run-core-chart"
      data-last={last ? last.run.toFixed(2) : ''}
      data-points={data.length}
      data-band={band ? `${band.from}-${band.to}` : ''}
    >
      <ResponsiveContainer width="100%" height={200}>
        <ComposedChart data={data} margin={{ top: 6, right: 12, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
          <XAxis {...secondsAxis(11)} />
          <YAxis
            domain={[0, coreAxisMax(cores, band)]}
            ticks={coreTicks(cores)}
            allowDecimals
            stroke="var(--muted)"
            fontSize={11}
            width={46}
            tickFormatter={(v: number) => fmtNum(v)}
          />
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            formatter={(v) => fmtNum(Number(v))}
            labelFormatter={(v) => `${Number(v).toFixed(1)} s`}
          />
          <Area
            type="stepAfter"
            dataKey="run"
            name={t('play.thisRun')}
            stroke="var(--accent)"
            strokeWidth={2}
            fill="var(--accent-soft)"
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="machine"
            name={t('play.machineCores')}
            stroke="var(--muted)"
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
          />
          {band && <ReferenceArea y1={band.from} y2={band.to} fill={BAND_FILL} fillOpacity={BAND_OPACITY} ifOverflow="extendDomain" />}
          {refs.map((r) => (
            <ReferenceLine key={r.key} y={r.y} stroke={r.stroke} strokeDasharray={r.dash} ifOverflow="extendDomain" />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
      <ChartLegend
        items={[
          { key: 'run', label: t('play.thisRun'), color: 'var(--accent)', area: true },
          { key: 'machine', label: t('play.machineCores'), color: 'var(--muted)', dash: '4 3' },
          ...refs.map((r) => ({
            key: r.key,
            label: r.key === 'one-core' ? t('lanes.oneCore') : t('lanes.allCores', { n: r.y }),
            color: r.stroke,
            dash: r.dash,
          })),
          ...(band ? [bandLegend(t('band.legend', { band: p(band.label) }))] : []),
        ]}
      />
    </div>
  );
});

export const MetricCharts = memo(function MetricCharts({
  metrics,
  startedAt,
  version,
  specs = [],
}: {
  metrics: Map<string, RingBuffer<MetricPoint>>;
  startedAt: number;
  version: number;
  /** The scenario's metric declarations: labels and units (undeclared metrics show their name, no unit). */
  specs?: readonly MetricSpec[];
}) {
  const { t, lang } = useI18n();
  const charts = useMemo(() => metricData(metrics, startedAt, version), [metrics, startedAt, version]);
  if (!charts.length) return null;
  return (
    <section className="card">
      <h3 className="card-title">{t('play.metrics')}</h3>
      <div className="metric-grid">
        {charts.map((c) => {
          const w = metricWords(specs, c.name, lang);
          return (
            <div
              key={c.name}
              className="metric-chart"
              data-testid={`metric-chart-${c.name}`}
              data-last={c.data[c.data.length - 1]?.v ?? ''}
              data-points={c.data.length}
              data-peak={c.data.reduce((m, d) => Math.max(m, d.v), -Infinity)}
              data-unit={w.unit}
            >
              <div className="metric-name">
                <span>
                  <span className="metric-title">
                    {w.title}
                    {w.unit && <span className="muted small"> ({w.unit})</span>}
                  </span>
                  {w.title !== c.name && <span className="mono muted small"> {c.name}</span>}
                </span>
                <span className="big-number small-big">{w.format(c.data[c.data.length - 1]?.v)}</span>
              </div>
              <ResponsiveContainer width="100%" height={120}>
                <LineChart data={c.data} margin={{ top: 6, right: 8, bottom: 0, left: -8 }}>
                  <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
                  <XAxis {...secondsAxis(10)} />
                  <YAxis stroke="var(--muted)" fontSize={10} width={48} allowDecimals />
                  <Tooltip
                    isAnimationActive={false}
                    contentStyle={TOOLTIP_STYLE}
                    labelFormatter={(v) => `${Number(v).toFixed(2)} s`}
                    formatter={(v) => w.format(Number(v))}
                  />
                  <Line
                    type="stepAfter"
                    dataKey="v"
                    name={w.title}
                    stroke="var(--accent)"
                    strokeWidth={2}
                    dot={false}
                    isAnimationActive={false}
                  />
                </LineChart>
              </ResponsiveContainer>
            </div>
          );
        })}
      </div>
    </section>
  );
});

function RunSummaryView({ summary: s }: { summary: RunSummary }) {
  const { t } = useI18n();
  const waits = s.waits.map((w) => `${t(`wait.${w.kind}`)} ${Math.round(w.share * 100)} %`).join(', ');
  return (
    <section className="verdict verdict-none" data-testid="run-summary">
      <h3>{t('summary.title')}</h3>
      <ul className="claims">
        <li data-testid="summary-line">
          {t('summary.line', { procs: s.processes, threads: s.peakThreads, cores: s.peakCores.toFixed(2) })}
        </li>
        <li data-testid="summary-waits">{waits ? t('summary.waits', { waits }) : t('summary.noWaits')}</li>
        <li data-testid="summary-deadlocks">{s.deadlocks ? t('summary.deadlocks', { n: s.deadlocks }) : t('summary.noDeadlocks')}</li>
      </ul>
      <p className="muted small">{t('summary.why')}</p>
    </section>
  );
}

const KIND_ICON: Record<TimelineItem['kind'], string> = {
  // ASCII: the fullwidth plus (U+FF0B) showed as a box in the English UI on a machine without a CJK font.
  spawned: '+',
  'state-changed': '⇄',
  orphaned: '⌂',
  daemon: '⚙',
  exited: '■',
  'signal-sent': '⚡',
  mark: '◆',
  deadlock: '⚠',
};

export const Timeline = memo(function Timeline({
  timeline,
  startedAt,
  version,
}: {
  timeline: RingBuffer<TimelineItem>;
  startedAt: number;
  version: number;
}) {
  const { t, lang } = useI18n();
  const items = useMemo(() => snapshot(timeline, version).sort((a, b) => a.ts - b.ts), [timeline, version]);
  const ref = useRef<HTMLOListElement>(null);
  useStickToBottom(ref, items.length);
  return (
    <section className="card timeline-card">
      <h3 className="card-title">{t('play.timeline')}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('play.timelineEmpty')}</p>
      ) : (
        <ol className="timeline" ref={ref} data-testid="timeline">
          {items.map((e, i) => (
            <li key={i} className={`tl-item tl-${e.kind}`} data-testid="timeline-item" data-kind={e.kind}>
              <span className="tl-time mono">{fmtOffset(e.ts, startedAt)}</span>
              <span className="tl-icon" aria-hidden="true">
                {KIND_ICON[e.kind]}
              </span>
              <span className="tl-body">
                <span className="tl-line">
                  <span className="tl-kind">{t(`timeline.${e.kind}` as MsgKey)}</span>
                  {/* An exit event carries the last state seen before it; next to "exited" that would read as a contradiction. */}
                  {e.state && e.kind !== 'exited' && <Badge kind={e.state as BadgeKind} />}
                  {e.pid !== null && <span className="mono muted">PID {e.pid}</span>}
                  {e.tid !== undefined && <span className="mono muted">TID {e.tid}</span>}
                  {e.name && <strong>{e.name}</strong>}
                </span>
                {e.detail && <span className="tl-detail">{timelineDetail(e, t, lang)}</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
});

export const LogView = memo(function LogView({
  logs,
  startedAt,
  version,
  ended,
}: {
  logs: RingBuffer<LogLine>;
  startedAt: number;
  version: number;
  ended: boolean;
}) {
  const { t } = useI18n();
  const lines = useMemo(() => snapshot(logs, version).slice(-500), [logs, version]);
  const ref = useRef<HTMLDivElement>(null);
  useStickToBottom(ref, lines.length);
  return (
    <section className="card log-card">
      <h3 className="card-title">{t('play.log')}</h3>
      <div className="log" ref={ref} data-testid="run-log" data-lines={lines.length}>
        {lines.length === 0 ? (
          <span className="muted">{t(ended ? 'play.logNone' : 'play.logEmpty')}</span>
        ) : (
          lines.map((l, i) => (
            <div key={i} className={`log-line log-${l.stream}`}>
              <span className="log-time">{fmtOffset(l.ts, startedAt)}</span>
              {l.text}
            </div>
          ))
        )}
      </div>
    </section>
  );
});

/** Keeps a scrolling list at the bottom while the user has not scrolled up. */
function useStickToBottom(ref: React.RefObject<HTMLElement | null>, count: number): void {
  const stick = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = (): void => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    };
    el.addEventListener('scroll', onScroll);
    return () => el.removeEventListener('scroll', onScroll);
  }, [ref]);
  useEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [ref, count]);
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
  return (
    <div className="progress" data-testid="run-progress" data-done={done} data-total={total}>
      <div className="progress-label">
        <span>{label}</span>
        <span className="mono">
          {done} / {total}
        </span>
      </div>
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <span style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** The program's result line: each figure under its scenario's label, or its own key (a scratchpad program's). */
export function ResultTable({ result, labels }: { result: Record<string, unknown>; labels?: readonly ResultSpec[] | null }) {
  const { t, lang } = useI18n();
  return (
    <section className="card" data-testid="run-result">
      <h3 className="card-title">{t('play.result')}</h3>
      <table className="kv">
        <tbody>
          {resultFigures(result, labels, lang).map(({ key, value: v, label }) => (
            <tr key={key} data-testid={`result-${key}`}>
              {label !== null ? (
                <th title={key} data-labelled="true">
                  {label}
                </th>
              ) : (
                <th className="mono" title={t('play.resultOwnKey')} data-labelled="false">
                  {key}
                </th>
              )}
              <td className="mono">{typeof v === 'number' ? fmtNum(v, 3) : typeof v === 'object' ? JSON.stringify(v) : String(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The timeline's words in the UI language; a state change is told with the badges' own names. */
export function timelineDetail(e: TimelineItem, t: TFn, lang: Lang): string {
  if (e.kind === 'state-changed' && e.from && e.state) return `${t(`state.${e.from}`)} → ${t(`state.${e.state}`)}`;
  return e.text ? pick(lang, e.text) : e.detail;
}

const PROC_COLORS = ['#e07b39', '#3a9e6f', '#9a5fc9', '#c9485b'];

/** The run's TCP connections over time; nothing when no sample counted any (most runs). */
export const ConnectionsCard = memo(function ConnectionsCard({
  live,
  runId,
  ended,
  startedAt,
  version,
}: {
  live: RunLive;
  runId: string;
  ended: boolean;
  startedAt: number;
  version: number;
}) {
  const { t } = useI18n();
  // Live, the buffer holds the `run-net` readings this window saw; once the run has ended the
  // journal's samples hold the whole run (unless the buffer was built from them already).
  const journal = useJournalConns(runId, ended && !live.connsComplete);
  const series = useMemo(() => connSeries(journal ?? snapshot(live.conns, version), startedAt), [journal, live, startedAt, version]);
  if (!series) return null;
  const { rows, pids, peakEstablished } = series;
  const lines = [
    { key: 'established', label: t('conns.established'), color: 'var(--accent)', dash: undefined as string | undefined },
    { key: 'listen', label: t('conns.listen'), color: 'var(--muted)', dash: '4 3' },
    ...pids.map((pid, i) => ({ key: `p${pid}`, label: t('conns.pid', { pid }), color: PROC_COLORS[i % PROC_COLORS.length]!, dash: '2 2' })),
  ];
  return (
    <section
      className="card"
      data-testid="connections-card"
      data-peak={peakEstablished}
      data-points={rows.length}
      data-established={rows.at(-1)?.established ?? 0}
      data-live={String(!ended)}
    >
      <h3 className="card-title">{t('conns.title')}</h3>
      <p className="help">{t('conns.help', { peak: peakEstablished })}</p>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
          <XAxis {...secondsAxis(11)} />
          <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={11} width={46} />
          <Tooltip isAnimationActive={false} contentStyle={TOOLTIP_STYLE} labelFormatter={(v) => `${Number(v).toFixed(1)} s`} />
          {lines.map((l) => (
            <Line
              key={l.key}
              type="stepAfter"
              dataKey={l.key}
              name={l.label}
              stroke={l.color}
              strokeWidth={l.key === 'established' ? 2 : 1.5}
              strokeDasharray={l.dash}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <ChartLegend items={lines.map((l) => ({ key: `conns-${l.key}`, label: l.label, color: l.color, dash: l.dash }))} />
      <PortList reading={live.ports} ended={ended} startedAt={startedAt} />
    </section>
  );
});

/** Per process, the TCP sockets it holds at the newest reading: local and remote port, state. */
function PortList({ reading, ended, startedAt }: { reading: RunNetEvent | null; ended: boolean; startedAt: number }) {
  const { t } = useI18n();
  const { groups, moreProcs } = useMemo(() => portGroups(reading), [reading]);
  if (!reading) return null;
  const at = fmtNum((reading.ts - startedAt) / 1000, 1);
  return (
    <div className="port-list" data-testid="port-list" data-live={String(!ended)}>
      <h4 className="port-list-title">{ended ? t('ports.last', { t: at }) : t('ports.now', { t: at })}</h4>
      {groups.length === 0 && <p className="muted small">{t('ports.none')}</p>}
      <div className="port-list-scroll">
        {groups.map((g) => (
          <div key={g.pid} className="port-group" data-testid="port-group" data-pid={g.pid}>
            <div className="port-group-head small">
              <span className="mono">{t('ports.pid', { pid: g.pid })}</span>
              {g.states.map(([state, n]) => (
                <span key={state} className="port-state mono">
                  {state} {n}
                </span>
              ))}
            </div>
            <table className="port-table mono small">
              <thead>
                <tr>
                  <th>{t('ports.local')}</th>
                  <th>{t('ports.remote')}</th>
                  <th>{t('ports.state')}</th>
                </tr>
              </thead>
              <tbody>
                {g.sockets.map((s, i) => (
                  <tr key={i} data-testid="port-row" data-state={s.state} data-local-port={s.localPort} data-remote-port={s.remotePort}>
                    <td title={s.local}>{s.localPort}</td>
                    <td title={s.remote}>{s.state === 'LISTEN' ? '—' : s.remotePort}</td>
                    <td>{s.state}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {g.more > 0 && <p className="muted small">{t('ports.more', { n: g.more })}</p>}
          </div>
        ))}
      </div>
      {moreProcs > 0 && <p className="muted small">{t('ports.moreProcs', { n: moreProcs })}</p>}
    </div>
  );
}

/** An ended run's connections from its journal, read once (the playground's just-finished run). */
function useJournalConns(runId: string, wanted: boolean): ConnPoint[] | null {
  const [points, setPoints] = useState<ConnPoint[] | null>(null);
  useEffect(() => {
    setPoints(null);
    if (!wanted) return;
    let alive = true;
    window.proclab
      .getRun({ runId })
      .then((data) => alive && setPoints(data.samples.map(connPointOf)))
      // Without its journal the card stays hidden; the rest of the run view does not depend on it.
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [runId, wanted]);
  return points;
}
