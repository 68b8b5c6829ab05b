import { memo, useEffect, useMemo, useRef } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../i18n/I18nProvider';
import { LIVE_WINDOW_MS, type CoreSample } from '../store/state';

/** A colour per core plus a dash pattern, so neighbouring lines differ in grayscale too. */
export function coreColor(i: number, n: number): string {
  const hue = (200 + (i * 360) / Math.max(n, 1)) % 360;
  return `hsl(${Math.round(hue)} 70% 48%)`;
}
const DASHES = ['', '5 3', '2 2', '8 3 2 3'];
const SECONDS_TICKS = [-60, -45, -30, -15, 0];

interface Props {
  samples: CoreSample[];
  height?: number;
  testId?: string;
}

/** Per-core utilization of the last 60 s: one thin line per core, the machine total as a shaded area. */
export const CoreChart = memo(function CoreChart({ samples, height = 240, testId = 'core-chart' }: Props) {
  const { t } = useI18n();
  const newest = samples[samples.length - 1];
  const n = newest?.cores.length ?? 0;
  const data = useMemo(() => {
    if (!newest) return [];
    return samples.map((s) => {
      const row: Record<string, number> = { t: (s.ts - newest.ts) / 1000, total: s.total };
      for (let i = 0; i < s.cores.length; i++) row[`c${i}`] = s.cores[i]!;
      return row;
    });
  }, [samples, newest]);
  const lines = useMemo(
    () =>
      Array.from({ length: n }, (_, i) => (
        <Line
          key={i}
          type="linear"
          dataKey={`c${i}`}
          name={t('monitor.core', { n: i })}
          stroke={coreColor(i, n)}
          strokeWidth={n > 8 ? 1 : 1.6}
          strokeDasharray={DASHES[i % DASHES.length]}
          dot={false}
          isAnimationActive={false}
        />
      )),
    [n, t],
  );
  return (
    <div
      className="core-chart"
      data-testid={testId}
      data-values={newest ? JSON.stringify(newest.cores.map((v) => Math.round(v * 10) / 10)) : '[]'}
      data-total={newest ? newest.total.toFixed(1) : ''}
      data-count={samples.length}
      style={{ height }}
    >
      {newest ? (
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 6, right: 12, bottom: 0, left: -12 }}>
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
            <Tooltip
              isAnimationActive={false}
              formatter={(v) => `${Number(v).toFixed(1)} %`}
              labelFormatter={(v) => `${Number(v).toFixed(0)} s`}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', fontSize: 12 }}
            />
            <Area
              type="linear"
              dataKey="total"
              name={t('monitor.total')}
              stroke="var(--text)"
              strokeWidth={2}
              fill="var(--total-fill)"
              isAnimationActive={false}
            />
            {lines}
          </ComposedChart>
        </ResponsiveContainer>
      ) : (
        <div className="empty">{t('monitor.noTick')}</div>
      )}
    </div>
  );
});

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

/** One row per core, one cell per sample: darker = busier. Canvas, so it costs one draw per tick. */
export const HeatStrip = memo(function HeatStrip({ samples }: { samples: CoreSample[] }) {
  const { t } = useI18n();
  const ref = useRef<HTMLCanvasElement>(null);
  const n = samples[samples.length - 1]?.cores.length ?? 0;
  const rowH = n > 8 ? 6 : 10;
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const width = c.clientWidth || 600;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(n * rowH * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, n * rowH);
    const newest = samples[samples.length - 1];
    if (!newest) return;
    const span = LIVE_WINDOW_MS;
    const cellW = Math.max(1, (width * (samples.length > 1 ? (newest.ts - samples[0]!.ts) / span : 1)) / Math.max(samples.length, 1));
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    for (const s of samples) {
      const x = width - ((newest.ts - s.ts) / span) * width - cellW;
      for (let i = 0; i < s.cores.length; i++) {
        const v = Math.max(0, Math.min(100, s.cores[i]!)) / 100;
        const l = dark ? 14 + v * 50 : 96 - v * 60;
        ctx.fillStyle = `hsl(${210 - v * 200} ${30 + v * 60}% ${l}%)`;
        ctx.fillRect(x, i * rowH, cellW + 0.5, rowH - 1);
      }
    }
  }, [samples, n, rowH]);
  return (
    <canvas
      ref={ref}
      className="heat-strip"
      data-testid="heat-strip"
      style={{ height: n * rowH }}
      aria-label={t('monitor.heat')}
      role="img"
    />
  );
});
