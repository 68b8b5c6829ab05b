import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '../charts/ChartLegend';
import { coreRefs } from '../charts/core-lines';
import { secondsAxis, TOOLTIP_STYLE } from '../ui/chart';
import type { Comparison } from '../../../shared/results';
import { useI18n } from '../i18n/I18nProvider';
import { pickMeasured } from '../i18n/translate';
import { fmtBytes, fmtNum } from '../../../shared/format';
import { metricNames, overlay, SERIES_COLORS, SERIES_DASHES, seriesValue, type SeriesField } from '../model/compare';
import { bestIndex, COMPARE_COLUMNS } from '../../../shared/compare-columns';
import { CompareLanes } from './CompareLanes';
import { ExportButtons } from './ExportButtons';
import { VerdictChip } from './VerdictChip';
import { metricWords, useMetricSpecs } from '../ui/metrics';

export function CompareView({
  comparison,
  onClose,
  onRebase,
}: {
  comparison: Comparison;
  onClose: () => void;
  onRebase: (runId: string) => void;
}) {
  const { t, p, lang } = useI18n();
  const c = comparison;
  const runIds = c.rows.map((r) => r.runId);
  const names = useMemo(() => Object.fromEntries(c.rows.map((r) => [r.runId, r.name])), [c]);
  const metrics = useMemo(() => {
    const names = new Set(metricNames(c.series));
    for (const r of c.rows) for (const k of Object.keys(r.metrics ?? {})) names.add(k);
    return [...names].sort();
  }, [c]);
  const specs = useMetricSpecs(c.rows.map((r) => r.scenarioId));
  const baseline = c.rows.find((r) => r.runId === c.baselineId);
  return (
    <section className="card compare" data-testid="compare-view" data-runs={runIds.join(',')}>
      <header className="card-head">
        <div>
          <h2>{t('compare.title')}</h2>
          <p className="muted small">
            {baseline && t('compare.baseline', { name: baseline.name })} ·{' '}
            {t('compare.machine', { cpu: c.machine.cpuModel, cores: c.machine.cores, os: c.machine.os })}
          </p>
        </div>
        <div className="export-group">
          <ExportButtons runIds={runIds} baselineId={c.baselineId} testIdPrefix="compare-export-" />
          <button type="button" onClick={onClose}>
            {t('compare.close')}
          </button>
        </div>
      </header>
      <div className="compare-table-wrap">
        <table className="compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th>{t('compare.metric')}</th>
              {c.rows.map((r, i) => (
                <th key={r.runId} className="right">
                  <span className="series-key">
                    <svg width="22" height="8" aria-hidden="true">
                      <line
                        x1="0"
                        y1="4"
                        x2="22"
                        y2="4"
                        stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
                        strokeWidth="3"
                        strokeDasharray={SERIES_DASHES[i % SERIES_DASHES.length]}
                      />
                    </svg>
                    <button type="button" className="link-btn" onClick={() => onRebase(r.runId)} title={t('runs.baseline')}>
                      {r.name}
                    </button>
                    {r.runId === c.baselineId && <span className="chip">{t('runs.baseline')}</span>}
                    {r.unrelated && (
                      <span className="chip chip-warn" data-testid={`compare-unrelated-${r.runId}`} title={t('compare.unrelatedHelp')}>
                        {t('compare.unrelated')}
                      </span>
                    )}
                    {r.abnormal && (
                      <span className="chip chip-warn" data-testid={`compare-abnormal-${r.runId}`} title={t('compare.abnormalHelp')}>
                        {t('compare.abnormal')}
                      </span>
                    )}
                  </span>
                  <div className="muted small mono">
                    {r.runtime}{' '}
                    {Object.entries(r.params)
                      .map(([k, v]) => `${k}=${String(v)}`)
                      .join(' ')}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {COMPARE_COLUMNS.map((f) => {
              const best = bestIndex(c.rows, f);
              return (
                <tr key={f.id}>
                  <th title={f.help && p(f.help)} className={f.help ? 'has-help' : undefined}>
                    {p(f.label)}
                  </th>
                  {c.rows.map((r, i) => (
                    <td key={r.runId} className={`right mono${i === best ? ' best' : ''}`}>
                      {f.text(r)}
                      {i === best && <span aria-label="best"> ★</span>}
                    </td>
                  ))}
                </tr>
              );
            })}
            {metrics.map((m) => {
              const w = metricWords(specs, m, lang);
              return (
                <tr key={`metric-${m}`} data-testid={`compare-row-metric-${m}`}>
                  <th>
                    {w.title}
                    <div className="muted small">{t('compare.metricSummary')}</div>
                  </th>
                  {c.rows.map((r) => {
                    const s = r.metrics?.[m];
                    return (
                      <td key={r.runId} className="right mono">
                        {s ? `${w.format(s.last)} · ${w.format(s.peak)} · ${w.format(s.mean)}` : '—'}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            <tr>
              <th>{t('compare.verdict')}</th>
              {c.rows.map((r) => (
                <td key={r.runId} className="right">
                  {r.verdict ? (
                    <VerdictChip
                      verdict={r.verdict}
                      title={[
                        ...(r.verdict.inconclusive ? [p(r.verdict.inconclusive.text)] : []),
                        ...r.verdict.claims.map((cl) => `${p(cl.text)} — ${pickMeasured(lang, cl)}`),
                      ].join('\n')}
                    />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <div className="compare-charts">
        <OverlayChart
          title={t('compare.chartCores')}
          testId="compare-chart-cores"
          comparison={c}
          names={names}
          field="cores"
          format={(v) => fmtNum(v)}
          cores={c.machine.cores}
        />
        <OverlayChart title={t('compare.chartRss')} testId="compare-chart-rss" comparison={c} names={names} field="rss" format={fmtBytes} />
        {metrics.map((m) => {
          const w = metricWords(specs, m, lang);
          return (
            <OverlayChart
              key={m}
              title={t('compare.chartMetric', { name: w.unit ? `${w.title} (${w.unit})` : w.title })}
              testId={`compare-chart-metric-${m}`}
              comparison={c}
              names={names}
              field={`metric:${m}`}
              format={(v) => w.format(v)}
            />
          );
        })}
      </div>
      <CompareLanes runIds={runIds} cores={c.machine.cores} />
    </section>
  );
}

function OverlayChart({
  title,
  testId,
  comparison,
  names,
  field,
  format,
  cores,
}: {
  /** A cores chart: draws 1 core and the machine's cores, with their legend. */
  cores?: number;
  title: string;
  testId: string;
  comparison: Comparison;
  names: Record<string, string>;
  field: SeriesField;
  format: (v: number) => string;
}) {
  const { t } = useI18n();
  const data = useMemo(() => overlay(comparison.series, seriesValue(field)), [comparison, field]);
  const refs = cores === undefined ? [] : coreRefs(cores);
  return (
    <div className="compare-chart" data-testid={testId}>
      <h3 className="card-title">
        {title} <span className="muted small">({t('compare.seconds')})</span>
      </h3>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 6, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis {...secondsAxis(11)} />
          <YAxis stroke="var(--muted)" fontSize={11} tickFormatter={(v: number) => format(v)} width={70} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            formatter={(v) => format(Number(v))}
            labelFormatter={(v) => `${v} s`}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {comparison.series.map((s, i) => (
            <Line
              key={s.runId}
              type="linear"
              dataKey={s.runId}
              name={names[s.runId] ?? s.name}
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              strokeDasharray={SERIES_DASHES[i % SERIES_DASHES.length]}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          {refs.map((r) => (
            <ReferenceLine key={r.key} y={r.y} stroke={r.stroke} strokeDasharray={r.dash} ifOverflow="extendDomain" />
          ))}
        </LineChart>
      </ResponsiveContainer>
      {refs.length > 0 && (
        <ChartLegend
          items={refs.map((r) => ({
            key: r.key,
            label: r.key === 'one-core' ? t('lanes.oneCore') : t('lanes.allCores', { n: r.y }),
            color: r.stroke,
            dash: r.dash,
          }))}
        />
      )}
    </div>
  );
}
