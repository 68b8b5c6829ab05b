import { memo, useMemo } from 'react';
import { ChartLegend } from '../charts/ChartLegend';
import { coreRefs, coreTicks } from '../charts/core-lines';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../i18n/I18nProvider';
import type { TimelineItem } from '../model/timeline';
import { secondsAxis, TOOLTIP_STYLE } from '../ui/chart';
import { fmtNum } from '../../../shared/format';
import {
  cpuStack,
  deadlockSpans,
  LANE_COLORS,
  LANE_KINDS,
  orderedLanes,
  segmentBands,
  segments,
  type LaneSet,
  type Segment,
} from '../model/lanes';
import { waitLabel, waitTitle } from '../model/waitText';
import { lanesCpuCaption } from './lanes-caption';
import './lanes.css';

const W = 1000;

const STACK_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/**
 * One lane per process and per thread over the run's time, coloured by state / wait reason, with
 * the program's marks and the watchdog's suspected deadlocks on them; under it, CPU per thread
 * stacked against 1 core and the machine's cores.
 */
export const ThreadLanes = memo(function ThreadLanes({
  lanes,
  startedAt,
  endTs,
  marks,
  cores,
  version,
  runtime,
  compact = false,
  onStacks,
}: {
  lanes: LaneSet;
  startedAt: number;
  /** The run's end, or now while it runs. */
  endTs: number;
  marks: readonly TimelineItem[];
  cores: number;
  /** Lanes change in place: this says when. */
  version: number;
  /** Whose threads these are: the caption speaks of the GIL for Python only. */
  runtime?: string;
  /** Comparison view: no CPU chart, shorter legend. */
  compact?: boolean;
  /** A live run: a process lane offers its threads' stacks. */
  onStacks?: (pid: number, tid: number | null) => void;
}) {
  const { t } = useI18n();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the lanes change in place; `version` says when
  const ordered = useMemo(() => orderedLanes(lanes), [lanes, version]);
  const span = Math.max(1, endTs - startedAt);
  const x = (ts: number) => (Math.min(Math.max(ts - startedAt, 0), span) / span) * W;
  const tail = useMemo(() => {
    // A point lasts until the next sample; the last one for one typical interval.
    const pts = ordered[0]?.points ?? [];
    return pts.length > 1 ? (pts[pts.length - 1]!.ts - pts[0]!.ts) / (pts.length - 1) : 1000;
  }, [ordered]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the lanes change in place; `version` says when
  const spans = useMemo(() => deadlockSpans(lanes.deadlocks, endTs), [lanes.deadlocks, endTs, version]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the lanes change in place; `version` says when
  const stack = useMemo(() => cpuStack(lanes, startedAt), [lanes, startedAt, version]);
  // The stack's highest sum, in cores, exposed so a test can read what the chart draws.
  const peak = useMemo(() => Math.max(0, ...stack.rows.map((r) => stack.keys.reduce((n, k) => n + (r[k] ?? 0), 0))), [stack]);
  const seen = useMemo(() => new Set(ordered.flatMap((l) => l.points.map((p) => p.kind))), [ordered]);
  const secs = (ts: number) => ((ts - startedAt) / 1000).toFixed(1);
  const pct = (v: number) => String(Math.round(v * 100));
  const segTitle = (s: Segment): string =>
    [
      t('lanes.hover', { what: waitLabel(s.kind, s.wait, t), from: secs(s.from), to: secs(s.to) }),
      ...(s.shares
        ? [
            t('lanes.shares', {
              running: pct(s.shares.running),
              runnable: pct(s.shares.runnable),
              blocked: pct(Math.max(0, 1 - s.shares.running - s.shares.runnable)),
            }),
          ]
        : []),
      ...waitTitle(s.kind, s.wait, t).split('\n').slice(1),
    ].join('\n');

  const laneName = (l: { tid: number | null; name: string }): string =>
    l.name ? t('lanes.threadNamed', { name: l.name, tid: l.tid ?? '' }) : t('lanes.thread', { tid: l.tid ?? '' });
  const byKey = new Map(ordered.map((l) => [l.key, l]));
  const stackLabel = (k: string): string => {
    const l = byKey.get(k);
    return l ? laneName(l) : t('lanes.thread', { tid: k.slice(1) });
  };
  const hasShares = ordered.some((l) => l.points.some((p) => p.shares));
  if (!ordered.length) return <p className="muted small">{t('lanes.empty')}</p>;
  const hasWaits = ordered.some((l) => l.points.some((p) => p.wait));
  return (
    <div
      className="lanes"
      data-testid="thread-lanes"
      data-lanes={ordered.length}
      data-kinds={[...seen].sort().join(',')}
      data-shares={hasShares ? 'kernel' : 'state'}
    >
      {ordered.map((lane) => {
        const segs = segments(lane.points, tail);
        const laneMarks = marks.filter(
          (m) =>
            m.kind === 'mark' && (lane.tid === null ? m.tid === undefined && (m.pid === null || m.pid === lane.pid) : m.tid === lane.tid),
        );
        const laneSpans = lane.tid === null ? spans.filter((s) => s.pid === lane.pid) : [];
        return (
          <div
            key={lane.key}
            className={`lane-row${lane.tid === null ? ' lane-proc' : ''}`}
            data-testid={`lane-${lane.key}`}
            data-kinds={[...new Set(lane.points.map((p) => p.kind))].join(',')}
          >
            <div
              className="lane-label mono"
              title={lane.tid === null || !lane.name ? lane.name : t('lanes.threadTitle', { name: lane.name, tid: lane.tid })}
            >
              {onStacks && lane.tid === null && (
                <button
                  type="button"
                  className="link-btn lane-stacks"
                  onClick={() => onStacks(lane.pid, null)}
                  data-testid={`lane-stacks-${lane.pid}`}
                >
                  {t('lanes.stacks')}
                </button>
              )}
              {lane.tid === null ? t('lanes.process', { pid: lane.pid, name: lane.name }) : laneName(lane)}
            </div>
            <svg className="lane-svg" viewBox={`0 0 ${W} 10`} preserveAspectRatio="none" role="img" aria-label={lane.name}>
              {segs.map((s, i) => {
                const title = segTitle(s);
                let y = 10;
                // Bottom up: running, queued for a core, blocked — a lane reads like a filled glass.
                return segmentBands(s).map((b, j) => {
                  const h = b.share * 10;
                  y -= h;
                  return (
                    <rect
                      key={`${i}.${j}`}
                      x={x(s.from)}
                      width={Math.max(0.5, x(s.to) - x(s.from))}
                      y={y}
                      height={h}
                      fill={LANE_COLORS[b.kind]}
                      data-band={b.kind}
                    >
                      <title>{title}</title>
                    </rect>
                  );
                });
              })}
              {laneSpans.map((s, i) => (
                <rect key={`d${i}`} className="lane-deadlock" x={x(s.from)} width={Math.max(1, x(s.to) - x(s.from))} y={0} height={10}>
                  <title>{`${t('lanes.deadlock')}: ${s.event.detail}`}</title>
                </rect>
              ))}
              {laneMarks.map((m, i) => (
                <rect key={`m${i}`} className="lane-mark" x={x(m.ts) - 1.5} width={3} y={0} height={10}>
                  <title>{`◆ ${m.detail} · ${secs(m.ts)} s`}</title>
                </rect>
              ))}
            </svg>
          </div>
        );
      })}
      {lanes.dropped.size > 0 && <p className="muted small">{t('lanes.more', { n: lanes.dropped.size })}</p>}
      <div className="lane-axis small muted">
        <span>0 s</span>
        <span>{((endTs - startedAt) / 2000).toFixed(1)} s</span>
        <span>{((endTs - startedAt) / 1000).toFixed(1)} s</span>
      </div>
      <ul className="lane-legend small">
        {LANE_KINDS.filter((k) => seen.has(k) || (!compact && ['running', 'runnable', 'lock', 'sleep', 'io'].includes(k))).map((k) => (
          <li key={k}>
            <span className="lane-swatch" style={{ background: LANE_COLORS[k] }} />
            {t(`wait.${k}`)}
          </li>
        ))}
      </ul>
      {!hasWaits && <p className="help">{t('lanes.noWaits')}</p>}
      {hasWaits && !hasShares && ordered.some((l) => l.points.length > 1) && (
        <p className="help" data-testid="lanes-no-shares">
          {t('lanes.noShares')}
        </p>
      )}
      {!compact && stack.keys.length > 0 && (
        <div data-testid="lane-cpu-chart" data-series={stack.keys.length} data-peak={peak.toFixed(2)}>
          <h4 className="card-subtitle">{t('lanes.cpuTitle')}</h4>
          <ResponsiveContainer width="100%" height={180}>
            <AreaChart data={stack.rows} margin={{ top: 6, right: 12, bottom: 0, left: -16 }}>
              <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" vertical={false} />
              <XAxis {...secondsAxis(11)} />
              <YAxis
                domain={[0, Math.max(1.2, cores + 0.2)]}
                ticks={coreTicks(cores)}
                allowDecimals
                stroke="var(--muted)"
                fontSize={11}
                width={46}
              />
              <Tooltip
                isAnimationActive={false}
                contentStyle={TOOLTIP_STYLE}
                formatter={(v) => fmtNum(Number(v))}
                labelFormatter={(v) => `${Number(v).toFixed(1)} s`}
              />
              {stack.keys.map((k, i) => (
                <Area
                  key={k}
                  type="stepBefore"
                  dataKey={k}
                  name={stackLabel(k)}
                  stackId="cpu"
                  stroke={STACK_COLORS[i % STACK_COLORS.length]}
                  fill={STACK_COLORS[i % STACK_COLORS.length]}
                  fillOpacity={0.55}
                  isAnimationActive={false}
                />
              ))}
              {coreRefs(cores).map((r) => (
                <ReferenceLine key={r.key} y={r.y} stroke={r.stroke} strokeDasharray={r.dash} ifOverflow="extendDomain" />
              ))}
            </AreaChart>
          </ResponsiveContainer>
          <ChartLegend
            items={[
              ...stack.keys.map((k, i) => ({
                key: k,
                label: stackLabel(k),
                color: STACK_COLORS[i % STACK_COLORS.length]!,
                area: true,
              })),
              ...coreRefs(cores).map((r) => ({
                key: r.key,
                label: r.key === 'one-core' ? t('lanes.oneCore') : t('lanes.allCores', { n: r.y }),
                color: r.stroke,
                dash: r.dash,
              })),
            ]}
          />
          <p className="help" data-testid="lanes-cpu-help">
            {lanesCpuCaption(t, cores, runtime)}
          </p>
        </div>
      )}
    </div>
  );
});
