import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import type { Runtime } from '../../../shared/model';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { store, useStore } from '../store/hooks';
import { notify } from '../ui/notices';
import { checkLimitForm, LimitFields, type LimitForm } from '../forms/LimitFields';
import { RunPanel } from '../runview/RunPanel';
import { checkCode, editDraft, getDraft, STARTER, subscribeDraft } from '../store/draft';
import './scratchpad.css';

// CodeMirror is loaded when the scratchpad first opens: half the renderer's code, which
// the monitor and the other views never need.
const CodeEditor = lazy(() => import('./CodeEditor').then((m) => ({ default: m.CodeEditor })));

const SCRATCH_TIMEOUT_MS = 120_000;
let lastRunId: string | null = null;

/** The scratchpad: the user's own Python or Node program, run under ProcLab like a scenario. */
export function ScratchpadView() {
  const { t, lang } = useI18n();
  const draft = useSyncExternalStore(subscribeDraft, getDraft);
  const [code, setCode] = useState(draft.code);
  const [runtime, setRuntime] = useState<Runtime>(draft.runtime);
  const [problem, setProblem] = useState<string | null>(null);
  const [limitForm, setLimitForm] = useState<LimitForm>({});
  const [limitErrors, setLimitErrors] = useState<Record<string, string>>({});
  const [launching, setLaunching] = useState(false);
  const [runId, setRunId] = useState<string | null>(lastRunId);
  const run = useStore((s) => (runId ? (s.runs[runId] ?? null) : null));
  const live = useStore((s) => (runId ? (s.live[runId] ?? null) : null));
  const running = run?.status === 'running';

  // An "Open in scratchpad" from elsewhere replaces what the editor shows.
  useEffect(() => {
    const d = getDraft();
    setCode(d.code);
    setRuntime(d.runtime);
    setProblem(null);
  }, [draft.opened]);

  const onCode = (c: string): void => {
    setCode(c);
    editDraft({ code: c });
    setProblem(null);
  };
  const pickRuntime = (r: Runtime): void => {
    // An untouched starter follows the runtime; the user's own code stays as written.
    const next = code === STARTER[runtime] ? STARTER[r] : code;
    setRuntime(r);
    setCode(next);
    editDraft({ runtime: r, code: next });
  };

  const start = async (): Promise<void> => {
    const c = checkCode(code);
    const l = checkLimitForm(limitForm, t);
    setLimitErrors(l.ok ? {} : l.errors);
    setProblem(c ? (c.key === 'scratch.empty' ? t('scratch.empty') : t('scratch.tooLarge', { kib: c.kib })) : null);
    if (c || !l.ok) return;
    setLaunching(true);
    try {
      const info = await window.proclab.runCode({
        runtime,
        code,
        ...(draft.origin && { name: `${draft.origin} · ${runtime}` }),
        ...(l.limits && { limits: l.limits }),
      });
      store.receiveRun(info);
      lastRunId = info.id;
      setRunId(info.id);
    } catch (err) {
      setProblem(t('play.launchFailed', { message: errorInfo(err, lang).message }));
    } finally {
      setLaunching(false);
    }
  };
  const stop = (): void => {
    if (!run) return;
    window.proclab.stopRun({ runId: run.id }).catch((e) => notify('error', t('common.error', { message: errorInfo(e, lang).message })));
  };

  return (
    <div className="scenario-detail scratchpad" data-testid="scratchpad">
      <section className="card">
        <div className="scenario-heading">
          <h2>{t('scratch.title')}</h2>
          {draft.origin && (
            <span className="muted small" data-testid="scratch-origin">
              {t('scratch.from', { name: draft.origin })}
            </span>
          )}
        </div>
        <p className="help">{t('scratch.help')}</p>
        <div className="form-row">
          <span className="field-label">{t('play.runtime')}</span>
          <div className="seg" role="group" aria-label={t('play.runtime')}>
            {(['python', 'node'] as const).map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={runtime === r}
                onClick={() => pickRuntime(r)}
                data-testid={`scratch-runtime-${r}`}
                disabled={running}
              >
                {t(`play.runtime.${r}`)}
              </button>
            ))}
          </div>
        </div>
        <Suspense fallback={<div className="code-editor-loading">{t('app.loading')}</div>}>
          <CodeEditor
            value={code}
            runtime={runtime}
            onChange={onCode}
            label={t('scratch.editor')}
            readOnly={running}
            reveal={draft.reveal}
          />
        </Suspense>
        <LimitFields
          form={limitForm}
          errors={limitErrors}
          defaults={{ maxDurationMs: SCRATCH_TIMEOUT_MS }}
          onField={(k, v) => {
            setLimitForm((f) => ({ ...f, [k]: v }));
            setLimitErrors((e) => {
              const { [k]: _drop, ...rest } = e;
              return rest;
            });
          }}
          disabled={running}
        />
        {problem && (
          <p className="error-text" role="alert" data-testid="scratch-problem">
            {problem}
          </p>
        )}
        <div className="form-actions">
          <button
            type="button"
            className="btn-primary btn-large"
            disabled={launching || running}
            onClick={() => void start()}
            data-testid="scratch-run"
          >
            {running ? t('play.running') : `▶ ${t('play.run')}`}
          </button>
          {running && (
            <button type="button" className="btn-danger" onClick={stop} data-testid="scratch-stop">
              ■ {t('play.stop')}
            </button>
          )}
          <span className="muted small">{t('scratch.stdin')}</span>
        </div>
      </section>
      {run ? <RunPanel run={run} live={live} /> : <div className="card empty-state">{t('play.noRun')}</div>}
    </div>
  );
}
