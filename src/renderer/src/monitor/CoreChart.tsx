import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, ResponsiveContainer, Tooltip, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
import type { TFn } from '../i18n/translate';
import { useI18n } from '../i18n/I18nProvider';
import { LIVE_WINDOW_MS, type CoreSample } from '../store/state';

/** A colour per core plus a dash pattern, so neighbouring lines differ in grayscale too. */
export function coreColor(i: number, n: number): string {
  const hue = (200 + (i * 360) / Math.max(n, 1)) % 360;
  return `hsl(${Math.round(hue)} 70% 48%)`;
}
const DASHES = ['', '5 3', '2 2', '8 3 2 3'];
const SECONDS_TICKS = [-60, -45, -30, -15, 0];
const CHART_MARGIN = { top: 6, right: 12, bottom: 0, left: -12 };

interface Props {
  samples: CoreSample[];
  height?: number;
  testId?: string;
}

/** Per-core utilization of the last 60 s: one thin line per core, the machine total as a shaded area. */
export const CoreChart = memo(function CoreChart({ samples, height = 270, testId = 'core-chart' }: Props) {
  const { t } = useI18n();
  const newest = samples[samples.length - 1];
  const n = newest?.cores.length ?? 0;
  // The tooltip is mounted only while the pointer is over the chart: it costs ~20 % of a tick.
  const [hover, setHover] = useState(false);
  const data = useMemo(() => {
    if (!newest) return [];
    return samples.map((s) => {
      const row: Record<string, number> = { t: (s.ts - newest.ts) / 1000, total: s.total };
      for (let i = 0; i < s.cores.length; i++) row[`c${i}`] = s.cores[i]!;
      return row;
    });
  }, [samples, newest]);
  // Everything but the data is memoized: recharts 3 re-dispatches an axis' or a series' settings
  // whenever one of its props is a new object or function, which would cost a full chart update per tick.
  const children = useMemo(
    () => (
      <>
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          domain={[-LIVE_WINDOW_MS / 1000, 0]}
          ticks={SECONDS_TICKS}
          tickFormatter={(v: number) => (v === 0 ? t('monitor.now') : `${v}s`)}
          stroke="var(--muted)"
          fontSize={11}
        />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" stroke="var(--muted)" fontSize={11} width={52} />
        {hover && <Tooltip isAnimationActive={false} content={<CoreTooltip n={n} t={t} />} />}
        <Area
          type="linear"
          dataKey="total"
          name={t('monitor.total')}
          stroke="var(--text)"
          strokeWidth={2}
          fill="var(--total-fill)"
          isAnimationActive={false}
        />
      </>
    ),
    [n, t, hover],
  );
  return (
    <div
      className="core-chart"
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
      data-testid={testId}
      data-values={newest ? JSON.stringify(newest.cores.map((v) => Math.round(v * 10) / 10)) : '[]'}
      data-total={newest ? newest.total.toFixed(1) : ''}
      data-count={samples.length}
      style={{ height }}
    >
      {newest ? (
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={CHART_MARGIN}>
            {children}
            <CoreLines data={data} n={n} />
          </ComposedChart>
        </ResponsiveContainer>
      ) : (
        <div className="empty">{t('monitor.noTick')}</div>
      )}
    </div>
  );
});

type Row = Record<string, number>;

/**
 * The per-core lines, drawn with the chart's own x/y scales as one <path> per core.
 * Sixteen recharts series cost a full series pipeline each per tick (selectors, label
 * providers, animation wrappers); these paths cost one string each.
 */
function CoreLines({ data, n }: { data: Row[]; n: number }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  const paths = [];
  for (let i = 0; i < n; i++) {
    const key = `c${i}`;
    let d = '';
    for (const row of data) {
      const px = x(row.t);
      const py = y(row[key]);
      if (typeof px !== 'number' || typeof py !== 'number') continue;
      d += `${d ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
    }
    paths.push(
      <path
        key={i}
        d={d}
        fill="none"
        stroke={coreColor(i, n)}
        strokeWidth={n > 8 ? 1 : 1.6}
        strokeDasharray={DASHES[i % DASHES.length]}
        strokeLinejoin="round"
        data-core={i}
      />,
    );
  }
  return <g className="core-lines">{paths}</g>;
}

/** Tooltip: the total and every core at the hovered second (the row holds them all). */
function CoreTooltip({ active, payload, n, t }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Row }>; n: number; t: TFn }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <div className="muted">{row.t === 0 ? t('monitor.now') : `${(row.t ?? 0).toFixed(0)} s`}</div>
      <div>
        <strong>{t('monitor.total')}</strong> {row.total?.toFixed(1)} %
      </div>
      {Array.from({ length: n }, (_, i) => (
        <div key={i} style={{ color: coreColor(i, n) }}>
          {t('monitor.core', { n: i })} {row[`c${i}`]?.toFixed(1)} %
        </div>
      ))}
    </div>
  );
}

export function CoreLegend({ count }: { count: number }) {
  const { t } = useI18n();
  return (
    <ul className="core-legend" aria-label="legend">
      <li>
        <span className="swatch swatch-total" /> {t('monitor.total')}
      </li>
      {Array.from({ length: count }, (_, i) => (
        <li key={i}>
          <svg width="18" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="18" y2="4" stroke={coreColor(i, count)} strokeWidth="2" strokeDasharray={DASHES[i % DASHES.length]} />
          </svg>
          {t('monitor.core', { n: i })}
        </li>
      ))}
    </ul>
  );
}

/**
 * One row per core, one column per second of the last 60 s: darker/warmer = busier.
 * Drawn as a 60×cores pixel image scaled up by CSS, so a tick costs ~1,000 pixel writes.
 */
export const HeatStrip = memo(function HeatStrip({ samples }: { samples: CoreSample[] }) {
  const { t } = useI18n();
  const ref = useRef<HTMLCanvasElement>(null);
  const n = samples[samples.length - 1]?.cores.length ?? 0;
  const cols = LIVE_WINDOW_MS / 1000;
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    const newest = samples[samples.length - 1];
    if (!c || !ctx || !newest || n === 0) return;
    if (c.width !== cols || c.height !== n) {
      c.width = cols;
      c.height = n;
    }
    const img = ctx.createImageData(cols, n);
    const d = img.data;
    for (const s of samples) {
      const x = cols - 1 - Math.floor((newest.ts - s.ts) / 1000);
      if (x < 0) continue;
      for (let i = 0; i < n; i++) {
        const v = Math.max(0, Math.min(100, s.cores[i] ?? 0)) / 100;
        const o = (i * cols + x) * 4;
        // Pale blue → amber → deep red; lightness falls as load rises, so it also reads in grayscale.
        d[o] = Math.round(219 + 36 * Math.min(1, v * 1.6) - 120 * Math.max(0, v - 0.6));
        d[o + 1] = Math.round(234 - 190 * v);
        d[o + 2] = Math.round(254 - 230 * Math.min(1, v * 1.4));
        d[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [samples, n, cols]);
  return (
    <canvas
      ref={ref}
      className="heat-strip"
      data-testid="heat-strip"
      style={{ height: n * (n > 8 ? 6 : 10) }}
      aria-label={t('monitor.heat')}
      role="img"
      title={t('monitor.heat')}
    />
  );
});
