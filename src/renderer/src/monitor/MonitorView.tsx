import { useCallback, useEffect, useMemo, useState } from 'react';
import { DEFAULT_INTERVAL_MS, MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../../shared/monitor-view';
import type { ProcRow, Scope } from '../../../shared/model';
import { BadgeLegend } from '../badges/StateBadge';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { useStore } from '../store/hooks';
import { LIVE_WINDOW_MS, recentCores } from '../store/state';
import { fmtBytes, fmtPct } from '../../../shared/format';
import { notify } from '../ui/notices';
import { useMediaQuery, useViewportHeight } from '../ui/viewport';
import { CoreChart, CoreLegend, HeatStrip } from './CoreChart';
import { DeadlockBanner } from '../runview/DeadlockBanner';
import { ProcessTable } from '../proctable/ProcessTable';
import { DetailsPane } from './DetailsPane';
import { MachineDetailCard } from './MachineDetail';
import './monitor.css';
import { procKey } from '../../../shared/proc-key';

const INTERVALS = [MIN_INTERVAL_MS, 500, DEFAULT_INTERVAL_MS, 2000, MAX_INTERVAL_MS];
/** Kept in step with monitor.css's compact meters. */
const SHORT_QUERY = '(max-height: 820px)';

export function MonitorView() {
  const { t } = useI18n();
  const tick = useStore((s) => s.tick);
  const history = useStore((s) => s.history);
  // The ring buffer is mutated in place; the newest tick time marks a change.
  const newestTs = tick?.ts;
  const samples = useMemo(() => recentCores(history, LIVE_WINDOW_MS, newestTs), [history, newestTs]);
  const [detailsOf, setDetailsOf] = useState<ProcRow | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(true);
  const onSelected = useCallback((r: ProcRow | null) => {
    setDetailsOf(r);
    if (r) setDetailsOpen(true);
  }, []);
  // On a short window (1024×700) the meters shrink so process rows show without scrolling,
  // and the table is never taller than the window it scrolls in.
  const short = useMediaQuery(SHORT_QUERY);
  const viewportH = useViewportHeight();
  const tableH = Math.max(300, Math.min(520, viewportH - 190));

  return (
    <div className="view monitor" data-testid="monitor-view">
      <div className={`monitor-top${short ? ' compact' : ''}`}>
        <section className="card chart-card">
          <header className="card-head">
            <h2 title={t('monitor.coresHelp')}>{t('monitor.cores')}</h2>
            <CoreLegend count={tick?.cores.length ?? 0} />
          </header>
          <CoreChart samples={samples} height={short ? 140 : 270} />
          <HeatStrip samples={samples} />
          <p className="help">{t('monitor.coresHelp')}</p>
        </section>
        <div className="monitor-side">
          <section className="card stat-card" data-testid="cpu-now">
            <h3>{t('monitor.cpuNow')}</h3>
            <div className="big-number">{tick ? `${fmtPct(tick.total, 0)} %` : '—'}</div>
            <div className="mini-cores">
              {tick?.cores.map((c, i) => (
                <div key={i} className="mini-core" title={t('monitor.core', { n: i })}>
                  <span style={{ height: `${Math.min(100, c)}%` }} />
                </div>
              ))}
            </div>
          </section>
          <section className="card stat-card" data-testid="memory">
            <h3>{t('monitor.memory')}</h3>
            {tick ? <MemoryBar total={tick.mem.total} available={tick.mem.available} /> : <div className="muted">—</div>}
          </section>
          <section className="card stat-card" data-testid="load">
            <h3>{t('monitor.load')}</h3>
            <div className="load-row">
              {(tick?.load ?? [null, null, null]).map((l, i) => (
                <div key={i} className="load-item">
                  <span className="big-number small-big">{l === null ? '—' : l.toFixed(2)}</span>
                  <span className="muted small">{t('monitor.minutes', { n: [1, 5, 15][i]! })}</span>
                </div>
              ))}
            </div>
            <p className="help" title={t('monitor.loadHelp', { cores: tick?.cores.length ?? '?' })}>
              {t('monitor.loadHelp', { cores: tick?.cores.length ?? '?' })}
            </p>
          </section>
        </div>
      </div>
      <section className="card">
        <header className="card-head">
          <h2>{t('monitor.processes')}</h2>
          <MonitorControls />
        </header>
        <DeadlockBanner events={tick?.deadlocks ?? []} />
        <ProcessTable
          id="monitor"
          emptyText={tick?.scope === 'runs' ? t('table.emptyRuns') : undefined}
          height={tableH}
          onSelectedChange={onSelected}
          watchIo
        />
        <BadgeLegend />
      </section>
      {/* Below the table: the rows are what a user comes for, the breakdown is a look further. */}
      <MachineDetailCard detail={tick?.detail} />
      {detailsOf && detailsOpen && (
        <DetailsPane key={procKey(detailsOf.pid, detailsOf.startTime)} row={detailsOf} onClose={() => setDetailsOpen(false)} />
      )}
    </div>
  );
}

function MemoryBar({ total, available }: { total: number; available: number }) {
  const { t } = useI18n();
  const used = Math.max(0, total - available);
  const pct = total > 0 ? (used / total) * 100 : 0;
  return (
    <div>
      <div className="big-number small-big">{fmtPct(pct, 0)} %</div>
      <div className="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <div className="muted small has-help" title={t('monitor.memUsedHelp')} data-testid="mem-used">
        {t('monitor.memUsed', { used: fmtBytes(used), total: fmtBytes(total) })} ⓘ
      </div>
    </div>
  );
}

function MonitorControls() {
  const { t, lang } = useI18n();
  const tickScope = useStore((s) => s.tick?.scope);
  const tickInterval = useStore((s) => s.tick?.intervalMs);
  const [scope, setScope] = useState<Scope | null>(null);
  const [intervalMs, setIntervalMs] = useState<number | null>(null);
  useEffect(() => {
    if (tickScope) setScope((s) => s ?? tickScope);
  }, [tickScope]);
  useEffect(() => {
    if (tickInterval) setIntervalMs((v) => v ?? tickInterval);
  }, [tickInterval]);

  const configure = (patch: { scope?: Scope; intervalMs?: number }): void => {
    window.proclab
      .configureMonitor(patch)
      .then((r) => {
        setScope(r.scope);
        setIntervalMs(r.intervalMs);
      })
      .catch((e) => notify('error', t('common.error', { message: errorInfo(e, lang).message })));
  };
  const current = scope ?? tickScope ?? 'runs';
  const iv = intervalMs ?? tickInterval ?? 1000;
  return (
    <div className="controls">
      <span className="muted small">{t('monitor.scope')}</span>
      <div className="seg" role="group" aria-label={t('monitor.scope')}>
        {(['runs', 'system'] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={current === s}
            data-testid={`scope-${s}`}
            onClick={() => {
              setScope(s);
              configure({ scope: s });
            }}
          >
            {t(`monitor.scope.${s}`)}
          </button>
        ))}
      </div>
      <label className="inline-field">
        <span className="muted small">{t('monitor.interval')}</span>
        <select
          value={INTERVALS.includes(iv) ? iv : DEFAULT_INTERVAL_MS}
          data-testid="interval-select"
          onChange={(e) => {
            const v = Number(e.target.value);
            setIntervalMs(v);
            configure({ intervalMs: v });
          }}
        >
          {INTERVALS.map((v) => (
            <option key={v} value={v}>
              {v < 1000 ? `${v} ms` : `${v / 1000} s`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
