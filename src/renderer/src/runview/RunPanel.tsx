import { useCallback, useEffect, useState } from 'react';
import { say } from '../../../shared/engine-texts';
import type { RunInfo } from '../../../shared/model';
import type { PromptSpec } from '../../../shared/scenario';
import { signalInfo, type SignalName } from '../../../shared/signals';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { ProcessTable } from '../proctable/ProcessTable';
import { useStore } from '../store/hooks';
import type { RunLive } from '../store/state';
import { fmtDateTime, fmtMs, fmtParams } from '../../../shared/format';
import { useMetricSpecs } from '../ui/metrics';
import { notify } from '../ui/notices';
import {
  ConnectionsCard,
  LogView,
  MetricCharts,
  ProgressBar,
  ResultTable,
  RunCoreChart,
  RunStatusChip,
  Timeline,
  VerdictView,
} from './RunParts';
import { suspectedAtEnd } from '../model/lanes';
import { DeadlockBanner, PotentialBanner } from './DeadlockBanner';
import { RunStacks, type StacksPick } from './RunStacks';
import { ThreadLanes } from './ThreadLanes';
import { useStoryRows } from './useStoryRows';
import { RunPrompts } from './RunPrompts';
import { useScenarioInfo } from '../ui/scenario-catalogue';
import { openInScratchpad } from '../store/draft';

/** Everything about one run: live while it runs (from the store), or read back from the journal. */
export function RunPanel({
  run,
  live,
  showProcesses = true,
  signalButtons = [],
}: {
  run: RunInfo;
  live: RunLive | null;
  showProcesses?: boolean;
  /** Signals the scenario's manifest offers as buttons (sent to the run's root process). */
  signalButtons?: readonly SignalName[];
}) {
  const { t, p, lang } = useI18n();
  useStore((s) => s.version); // live buffers change in place: re-render with the store
  const cores = useStore((s) => s.tick?.cores.length ?? 0);
  const suspected = useStore((s) => s.tick?.deadlocks);
  // While the run lives: what the watchdog suspects now. After it: what it still suspected at the end, as history.
  const ended = run.status !== 'running';
  const runDeadlocks = ended ? suspectedAtEnd(live?.lanes.deadlocks ?? []) : (suspected ?? []).filter((d) => d.runId === run.id);
  const now = useNow(run.status === 'running');
  const elapsed = (run.endedAt ?? now) - run.startedAt;
  const [stopping, setStopping] = useState(false);
  const metricSpecs = useMetricSpecs([run.scenarioId]);
  const storyRows = useStoryRows(run.id, run.status !== 'running');
  const scenario = useScenarioInfo(run.scenarioId);
  const [stacksPick, setStacksPick] = useState<StacksPick | null>(null);
  // Stable: the lanes are memoised.
  const laneStacks = useCallback(
    (pid: number, tid: number | null): void => {
      setStacksPick({ pid, tid });
      document.querySelector(`[data-run-id="${run.id}"] [data-testid="run-stacks"]`)?.scrollIntoView({ block: 'nearest' });
    },
    [run.id],
  );

  const stop = (): void => {
    setStopping(true);
    window.proclab
      .stopRun({ runId: run.id })
      .catch((e) => notify('error', t('common.error', { message: errorInfo(e, lang).message })))
      .finally(() => setStopping(false));
  };

  return (
    <div className="run-panel" data-testid="run-panel" data-run-id={run.id} data-status={run.status}>
      <header className="run-head card">
        <div className="run-title">
          <h2>{t('play.currentRun', { name: run.name })}</h2>
          <RunStatusChip run={run} />
          <span className="muted mono small">{fmtMs(elapsed)}</span>
        </div>
        <div className="muted small">
          {fmtDateTime(run.startedAt)} · <span className="mono">{run.runtime}</span> · <span className="mono">{fmtParams(run.params)}</span>
          {run.rootPid !== null && <> · PID {run.rootPid}</>}
          {run.reason && <> · {run.reasonText ? p(run.reasonText) : run.reason}</>}
          {run.contained === false && (
            <>
              {' '}
              · <span title={t('run.uncontainedHelp')}>{t('run.uncontained')}</span>
            </>
          )}
          {run.journal && (
            <>
              {' '}
              ·{' '}
              <strong data-testid="run-journal">
                {p(say(run.journal === 'truncated' ? 'note.journal-truncated' : 'note.journal-incomplete'))}
              </strong>
            </>
          )}
        </div>
        {live?.progress && <ProgressBar done={live.progress.done} total={live.progress.total} label={t('play.progress')} />}
        {run.source && run.status !== 'running' && (
          <button
            type="button"
            data-testid="open-run-in-scratchpad"
            onClick={() => openInScratchpad(run.source!.runtime, run.source!.code, run.name)}
          >
            ✎ {t('scratch.open')}
          </button>
        )}
        {run.status === 'running' && (
          <button type="button" className="btn-danger" onClick={stop} disabled={stopping} data-testid="stop-button">
            ■ {t('play.stop')}
          </button>
        )}
        {run.status === 'running' && run.rootPid !== null && signalButtons.length > 0 && (
          <SignalButtons pid={run.rootPid} signals={signalButtons} />
        )}
      </header>
      <RunPrompts run={run} live={live} specs={scenario?.prompts ?? NO_PROMPTS} />
      <DeadlockBanner events={runDeadlocks} ended={ended} />
      {live && <PotentialBanner events={live.lanes.deadlocks} />}
      <VerdictView run={run} live={live} />
      {live && (
        <div className="run-grid">
          <section className="card">
            <h3 className="card-title">{t('play.runCores')}</h3>
            <RunCoreChart
              live={live}
              startedAt={run.startedAt}
              cores={cores || 2}
              version={live.series.pushes}
              band={run.verdict?.band ?? run.band}
            />
            <p className="help">{t('play.runCoresHelp', { cores: cores || '?' })}</p>
          </section>
          <Timeline timeline={live.timeline} startedAt={run.startedAt} version={live.timeline.pushes} />
        </div>
      )}
      {live && (
        <section className="card" data-testid="lanes-card">
          <h3 className="card-title">{t('lanes.title')}</h3>
          <p className="help">{t('lanes.help')}</p>
          <ThreadLanes
            lanes={live.lanes}
            startedAt={run.startedAt}
            endTs={run.endedAt ?? now}
            marks={live.timeline.toArray()}
            cores={cores || 2}
            version={live.lanes.pushes + live.timeline.pushes}
            onStacks={run.status === 'running' ? laneStacks : undefined}
            runtime={run.runtime}
          />
        </section>
      )}
      <RunStacks run={run} pick={stacksPick} onPick={setStacksPick} />
      {live && (
        <ConnectionsCard
          live={live}
          runId={run.id}
          ended={run.status !== 'running'}
          startedAt={run.startedAt}
          version={live.conns.pushes}
        />
      )}
      {showProcesses && (
        <section className="card">
          <h3 className="card-title">{t('play.runProcs')}</h3>
          <ProcessTable id={`run-${run.id}`} runId={run.id} height={360} autoThreads fit storyRows={storyRows} />
        </section>
      )}
      {live && <MetricCharts metrics={live.metrics} startedAt={run.startedAt} version={metricsVersion(live)} specs={metricSpecs} />}
      {live?.result && <ResultTable result={live.result} labels={scenario?.results} />}
      {live && <LogView logs={live.logs} startedAt={run.startedAt} version={live.logs.pushes} ended={run.status !== 'running'} />}
    </div>
  );
}

const NO_PROMPTS: readonly PromptSpec[] = [];

/** One button per signal: sends it to the run's root (a run's own process needs no confirmation). */
function SignalButtons({ pid, signals }: { pid: number; signals: readonly SignalName[] }) {
  const { t, p, lang } = useI18n();
  const send = (signal: SignalName): void => {
    window.proclab
      .signal({ pid, action: 'signal', signal })
      .then((r) => notify('ok', t('notice.done', { message: r.text ? p(r.text) : r.message })))
      .catch((e) => notify('warn', t('notice.failed', { message: errorInfo(e, lang).message })));
  };
  return (
    <div className="signal-buttons" role="group" aria-label={t('signal.buttons', { pid })} data-testid="signal-buttons">
      <span className="muted small">{t('signal.buttons', { pid })}</span>
      {signals.map((s) => (
        <button
          key={s}
          type="button"
          className={signalInfo(s).catchable ? '' : 'btn-danger'}
          onClick={() => send(s)}
          title={p(signalInfo(s).does)}
          data-testid={`signal-${s}`}
        >
          {s}
        </button>
      ))}
    </div>
  );
}

function metricsVersion(live: RunLive): number {
  let n = live.metrics.size;
  for (const r of live.metrics.values()) n += r.pushes;
  return n;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [active]);
  return now;
}
