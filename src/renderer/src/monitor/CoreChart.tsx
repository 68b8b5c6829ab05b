import {
  createContext,
  memo,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';
import { CartesianGrid, ComposedChart, ResponsiveContainer, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
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
const PERCENT_TICKS = [0, 25, 50, 75, 100];
const X_DOMAIN: [number, number] = [-LIVE_WINDOW_MS / 1000, 0];
const Y_DOMAIN: [number, number] = [0, 100];
const CHART_MARGIN = { top: 6, right: 12, bottom: 0, left: -12 };
/**
 * recharts only draws the frame (grid and axes, whose domains are fixed: allowDataOverflow
 * makes recharts take them as given without any series), so it gets data that never changes.
 * The series are drawn by <CorePlot>, which reads the samples from a context: a tick
 * re-renders CorePlot alone, and recharts' store, selectors and axes are not touched.
 */
const FRAME_DATA = [{ t: X_DOMAIN[0] }, { t: X_DOMAIN[1] }];

interface Props {
  samples: CoreSample[];
  height?: number;
  testId?: string;
}

interface Pointer {
  x: number;
  y: number;
}

interface PlotInput {
  samples: CoreSample[];
  pointer: Pointer | null;
  tooltipHost: HTMLElement | null;
}
const PlotContext = createContext<PlotInput>({ samples: [], pointer: null, tooltipHost: null });

/** Per-core utilization of the last 60 s: one thin line per core, the machine total as a shaded area. */
export const CoreChart = memo(function CoreChart({ samples, height = 270, testId = 'core-chart' }: Props) {
  const { t } = useI18n();
  const newest = samples[samples.length - 1];
  const n = newest?.cores.length ?? 0;
  // The pointer over the chart (for the tooltip), relative to the chart's box.
  const [pointer, setPointer] = useState<Pointer | null>(null);
  const [tooltipHost, setTooltipHost] = useState<HTMLDivElement | null>(null);
  const plot = useMemo(() => ({ samples, pointer, tooltipHost }), [samples, pointer, tooltipHost]);
  // The recharts part depends on neither the data nor the pointer: memoized, it is not re-rendered per tick.
  const chart = useMemo(
    () => (
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={FRAME_DATA} margin={CHART_MARGIN}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={X_DOMAIN}
            allowDataOverflow
            ticks={SECONDS_TICKS}
            tickFormatter={(v: number) => (v === 0 ? t('monitor.now') : `${v}s`)}
            stroke="var(--muted)"
            fontSize={11}
          />
          <YAxis domain={Y_DOMAIN} allowDataOverflow ticks={PERCENT_TICKS} unit="%" stroke="var(--muted)" fontSize={11} width={52} />
          <CorePlot n={n} t={t} />
        </ComposedChart>
      </ResponsiveContainer>
    ),
    [n, t],
  );
  const onMouseMove = (e: MouseEvent<HTMLDivElement>): void => {
    const box = e.currentTarget.getBoundingClientRect();
    setPointer({ x: e.clientX - box.left, y: e.clientY - box.top });
  };
  return (
    <div
      className="core-chart"
      onMouseMove={onMouseMove}
      onMouseLeave={() => setPointer(null)}
      data-testid={testId}
      data-values={newest ? JSON.stringify(newest.cores.map((v) => Math.round(v * 10) / 10)) : '[]'}
      data-total={newest ? newest.total.toFixed(1) : ''}
      data-count={samples.length}
      style={{ height }}
    >
      {newest ? (
        <>
          <PlotContext.Provider value={plot}>{chart}</PlotContext.Provider>
          <div className="core-chart-tooltip-host" ref={setTooltipHost} />
        </>
      ) : (
        <div className="empty">{t('monitor.noTick')}</div>
      )}
    </div>
  );
});

/** Rounded to one decimal: the precision the paths are drawn with. */
const r1 = (v: number): number => Math.round(v * 10) / 10;

/**
 * The series, drawn with the chart's own x/y scales: the total as an area (fill + line) and
 * one <path> per core. The axes' domains are fixed, so the scales are linear maps taken once
 * per render from the domain ends. Also the hover cursor, active dot and tooltip.
 */
function CorePlot({ n, t }: { n: number; t: TFn }) {
  const { samples, pointer, tooltipHost } = useContext(PlotContext);
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const newest = samples[samples.length - 1];
  if (!xScale || !yScale || !newest) return null;
  const xa = xScale(X_DOMAIN[0]);
  const xb = xScale(X_DOMAIN[1]);
  const ya = yScale(Y_DOMAIN[0]);
  const yb = yScale(Y_DOMAIN[1]);
  if (typeof xa !== 'number' || typeof xb !== 'number' || typeof ya !== 'number' || typeof yb !== 'number') return null;
  const kx = (xb - xa) / (X_DOMAIN[1] - X_DOMAIN[0]);
  const ky = (yb - ya) / (Y_DOMAIN[1] - Y_DOMAIN[0]);
  const m = samples.length;
  const xs = new Array<number>(m);
  for (let j = 0; j < m; j++) xs[j] = r1(xa + ((samples[j]!.ts - newest.ts) / 1000 - X_DOMAIN[0]) * kx);
  const py = (v: number): number => r1(ya + (v - Y_DOMAIN[0]) * ky);

  let totalLine = '';
  for (let j = 0; j < m; j++) totalLine += `${j ? 'L' : 'M'}${xs[j]},${py(samples[j]!.total)}`;
  const base = r1(ya);
  const totalArea = `${totalLine}L${xs[m - 1]},${base}L${xs[0]},${base}Z`;

  const paths = [];
  for (let i = 0; i < n; i++) {
    let d = '';
    for (let j = 0; j < m; j++) {
      const v = samples[j]!.cores[i];
      if (typeof v !== 'number') continue;
      d += `${d ? 'L' : 'M'}${xs[j]},${py(v)}`;
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

  // Hover: the sample nearest the pointer, when the pointer is inside the plot area.
  let active = -1;
  if (
    pointer &&
    pointer.x >= Math.min(xa, xb) &&
    pointer.x <= Math.max(xa, xb) &&
    pointer.y >= Math.min(ya, yb) &&
    pointer.y <= Math.max(ya, yb)
  ) {
    let best = Infinity;
    for (let j = 0; j < m; j++) {
      const dist = Math.abs(xs[j]! - pointer.x);
      if (dist < best) {
        best = dist;
        active = j;
      }
    }
  }
  const hovered = active >= 0 ? samples[active]! : null;

  return (
    <>
      <g className="core-total">
        <path d={totalArea} fill="var(--total-fill)" stroke="none" />
        <path d={totalLine} fill="none" stroke="var(--text)" strokeWidth={2} />
      </g>
      <g className="core-lines">{paths}</g>
      {hovered && pointer && (
        <>
          <path
            className="core-cursor"
            d={`M${xs[active]},${r1(yb)}L${xs[active]},${base}`}
            stroke="#ccc"
            fill="none"
            pointerEvents="none"
          />
          <circle cx={xs[active]} cy={py(hovered.total)} r={4} fill="var(--text)" stroke="#fff" strokeWidth={2} pointerEvents="none" />
          {tooltipHost &&
            createPortal(
              <TooltipBox
                x={xs[active]!}
                y={pointer.y}
                area={{ x0: Math.min(xa, xb), x1: Math.max(xa, xb), y0: Math.min(ya, yb), y1: Math.max(ya, yb) }}
              >
                <CoreTooltip sample={hovered} newestTs={newest.ts} n={n} t={t} />
              </TooltipBox>,
              tooltipHost,
            )}
        </>
      )}
    </>
  );
}

const TOOLTIP_OFFSET = 10;

/** Where a tooltip of `size` goes next to `at`: after it if it fits before `end`, else before it, never before `start`. */
function tooltipPos(at: number, size: number, start: number, end: number): number {
  const after = at + TOOLTIP_OFFSET;
  return after + size > end ? Math.max(at - size - TOOLTIP_OFFSET, start) : Math.max(after, start);
}

/** Places the tooltip beside the hovered point inside the plot area (as recharts' tooltip does): measured, then positioned. */
function TooltipBox({
  x,
  y,
  area,
  children,
}: {
  x: number;
  y: number;
  area: { x0: number; x1: number; y0: number; y1: number };
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    if (!size || size.w !== w || size.h !== h) setSize({ w, h });
  }, [children, size]); // the content changes size with what it shows
  const left = size ? tooltipPos(x, size.w, area.x0, area.x1) : x + TOOLTIP_OFFSET;
  const top = size ? tooltipPos(y, size.h, area.y0, area.y1) : y + TOOLTIP_OFFSET;
  return (
    <div
      ref={ref}
      className="core-chart-tooltip"
      style={{ transform: `translate(${left}px, ${top}px)`, visibility: size ? 'visible' : 'hidden' }}
    >
      {children}
    </div>
  );
}

/** Tooltip: the total and every core at the hovered second. */
function CoreTooltip({ sample, newestTs, n, t }: { sample: CoreSample; newestTs: number; n: number; t: TFn }) {
  const secs = (sample.ts - newestTs) / 1000;
  return (
    <div className="chart-tooltip">
      <div className="muted">{secs === 0 ? t('monitor.now') : `${secs.toFixed(0)} s`}</div>
      <div>
        <strong>{t('monitor.total')}</strong> {sample.total.toFixed(1)} %
      </div>
      {Array.from({ length: n }, (_, i) => (
        <div key={i} style={{ color: coreColor(i, n) }}>
          {t('monitor.core', { n: i })} {sample.cores[i]?.toFixed(1)} %
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
