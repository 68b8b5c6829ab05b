import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Runtime } from '../../../shared/model';
import type { ScenarioInfo } from '../../../shared/scenario';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { CONCEPTS } from '../../../shared/concepts';
import type { MsgKey } from '../i18n/messages';
import { store, useStore } from '../store/hooks';
import { notify } from '../ui/notices';
import { runtimesOf } from '../../../shared/scenario';
import { defaultFormValues, formForRuntime, groupByConcept, paramsFor, type FormValues } from '../model/catalogue';
import { checkForm, errorsFromIssues } from '../model/params';
import { ParamGrid } from '../forms/ParamField';
import { useCatalogue } from '../forms/useCatalogue';
import { checkLimitForm, LimitFields, type LimitForm } from '../forms/LimitFields';
import { RunPanel } from '../runview/RunPanel';
import { OneClickCompare } from './OneClickCompare';
import { CompareView } from '../runview/CompareView';
import type { Comparison } from '../../../shared/results';
import { useCallback, useRef } from 'react';
import './playground.css';
import { ScratchpadView } from '../scratchpad/ScratchpadView';
import { EXAMPLES, exampleCode } from '../scratchpad/examples-code';
import { getDraft, openInScratchpad, subscribeDraft } from '../store/draft';
import { useSyncExternalStore } from 'react';
import { EXAMPLE_NOTES, type Example } from '../../../shared/examples';
import { conceptGroups } from '../scratchpad/concept-groups';
import { useScrollIntoViewOnOpen } from '../ui/viewport';

/** Survives switching tabs (the view unmounts): the catalogue, the pick, the forms, the last run per scenario. */
const memory: {
  scenarioId: string | null;
  runtime: Record<string, Runtime>;
  forms: Record<string, FormValues>;
  runs: Record<string, string>;
  scratch: boolean;
} = { scenarioId: null, runtime: {}, forms: {}, runs: {}, scratch: false };

export function PlaygroundView() {
  const { t, p, lang } = useI18n();
  const { catalogue, error } = useCatalogue();
  const [selectedId, setSelectedId] = useState<string | null>(memory.scenarioId);
  const [scratch, setScratch] = useState(memory.scratch);
  const groups = useMemo(() => conceptGroups(groupByConcept(catalogue?.scenarios ?? []), EXAMPLES), [catalogue]);
  const selected = catalogue?.scenarios.find((s) => s.id === selectedId) ?? null;
  const opened = useSyncExternalStore(subscribeDraft, () => getDraft().opened);

  // "Open in scratchpad" from anywhere (an example, a run) shows the scratchpad.
  useEffect(() => {
    if (opened === 0) return;
    memory.scratch = true;
    setScratch(true);
  }, [opened]);

  const select = (id: string): void => {
    memory.scenarioId = id;
    memory.scratch = false;
    setScratch(false);
    setSelectedId(id);
  };
  const openScratch = (): void => {
    memory.scratch = true;
    setScratch(true);
  };
  const openExample = (e: Example): void => {
    const code = exampleCode(e);
    if (code !== null) openInScratchpad('python', code, p(e.title));
    openScratch();
  };

  return (
    <div className="view playground" data-testid="playground-view">
      <aside className="catalogue card" aria-label={t('play.catalogue')}>
        <h2>{t('play.catalogue')}</h2>
        <p className="help">{t('play.catalogueHelp')}</p>
        <p className="help concepts-note" data-testid="concepts-note">
          {t('play.conceptsNote')}
        </p>
        <button
          type="button"
          className={`scenario-item scratch-item${scratch ? ' active' : ''}`}
          aria-current={scratch}
          data-testid="open-scratchpad"
          onClick={openScratch}
        >
          <span className="scenario-title">✎ {t('scratch.title')}</span>
          <span className="scenario-runtimes muted small">python · node</span>
        </button>
        {error !== null && <p className="error-text">{t('common.error', { message: errorInfo(error, lang).message })}</p>}
        {catalogue && catalogue.scenarios.length === 0 && <p className="muted">{t('play.noScenarios')}</p>}
        {groups.map((g) => (
          <div key={g.concept} className="concept-group">
            <h3 className="concept-title">
              <span className="concept-num">{g.concept}</span>
              {CONCEPTS[g.concept]?.[lang] ?? t('play.concept', { n: g.concept })}
            </h3>
            {EXAMPLE_NOTES[g.concept] && (
              <p className="help small example-note" data-testid={`example-note-${g.concept}`}>
                {p(EXAMPLE_NOTES[g.concept])}
              </p>
            )}
            {g.examples.length > 0 && (
              <ul className="examples-list" aria-label={t('scratch.examples')} data-testid={`examples-${g.concept}`}>
                {g.examples.map((e) => (
                  <li key={e.id}>
                    <span title={t('scratch.seeds', { seeds: e.seeds.join(', ') })}>{p(e.title)}</span>
                    <button type="button" className="btn-small" data-testid={`example-${e.id}`} onClick={() => openExample(e)}>
                      {t('scratch.open')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <ul>
              {g.scenarios.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className={`scenario-item${!scratch && s.id === selectedId ? ' active' : ''}`}
                    aria-current={s.id === selectedId}
                    data-testid={`scenario-${s.id}`}
                    onClick={() => select(s.id)}
                  >
                    <span className="scenario-title">{p(s.title)}</span>
                    <span className={`kind-chip kind-${s.kind}`}>{t(`play.kind.${s.kind}` as MsgKey)}</span>
                    <span className="scenario-runtimes muted small">{runtimesOf(s).join(' · ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
        {catalogue && catalogue.errors.length > 0 && (
          <div className="load-errors">
            <p className="muted small">{t('play.loadErrors')}</p>
            <ul>
              {catalogue.errors.map((e) => (
                <li key={e.id} className="small mono">
                  {e.id}: {e.field} — {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </aside>
      <main className="scenario-main">
        {scratch ? (
          <ScratchpadView />
        ) : selected ? (
          <ScenarioDetail key={selected.id} scenario={selected} />
        ) : (
          <div className="card empty-state">{t('play.pick')}</div>
        )}
      </main>
    </div>
  );
}

function ScenarioDetail({ scenario }: { scenario: ScenarioInfo }) {
  const { t, p, lang } = useI18n();
  const runtimes = runtimesOf(scenario);
  const [runtime, setRuntimeState] = useState<Runtime>(() => memory.runtime[scenario.id] ?? runtimes[0] ?? 'python');
  const specs = useMemo(() => paramsFor(scenario, runtime), [scenario, runtime]);
  const [form, setFormState] = useState<FormValues>(() => ({ ...defaultFormValues(specs), ...(memory.forms[scenario.id] ?? {}) }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [limitForm, setLimitForm] = useState<LimitForm>({});
  const [limitErrors, setLimitErrors] = useState<Record<string, string>>({});
  const [blocked, setBlocked] = useState(false);
  const [launching, setLaunching] = useState(false);
  const [runId, setRunId] = useState<string | null>(memory.runs[scenario.id] ?? null);
  const run = useStore((s) => (runId ? (s.runs[runId] ?? null) : null));
  const live = useStore((s) => (runId ? (s.live[runId] ?? null) : null));
  const running = run?.status === 'running';
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const compareRef = useRef<HTMLDivElement | null>(null);
  const runRef = useRef<HTMLDivElement | null>(null);
  useScrollIntoViewOnOpen(runRef, run?.id);
  const onCompared = useCallback((c: Comparison) => setComparison(c), []);
  // The comparison is what the user asked for: bring it into view, not leave it below the fold.
  // After React has put it on the page (a frame requested at once can come before that render on a
  // loaded machine, and then nothing scrolled), and at once: a smooth scroll is dropped by the
  // layout changes of the charts drawing.
  useEffect(() => {
    if (comparison) compareRef.current?.scrollIntoView({ block: 'start' });
  }, [comparison]);
  const formParams = useMemo(() => {
    const r = checkForm(specs, runtime, form, t);
    return r.ok ? r.values : null;
  }, [specs, runtime, form, t]);

  const setRuntime = (r: Runtime): void => {
    memory.runtime[scenario.id] = r;
    const next = formForRuntime(form, specs, paramsFor(scenario, r));
    memory.forms[scenario.id] = next;
    setFormState(next);
    setRuntimeState(r);
    setErrors({});
  };
  const setField = (name: string, v: string | boolean): void => {
    const next = { ...form, [name]: v };
    memory.forms[scenario.id] = next;
    setFormState(next);
    // Inline validation as the user types: only this field's message changes.
    const r = checkForm(specs, runtime, next, t);
    setErrors((prev) => {
      const out = { ...prev };
      delete out[name];
      if (!r.ok && r.errors[name]) out[name] = r.errors[name]!;
      return out;
    });
    setBlocked(false);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = checkForm(specs, runtime, form, t);
    const l = checkLimitForm(limitForm, t);
    setLimitErrors(l.ok ? {} : l.errors);
    if (!r.ok || !l.ok) {
      setErrors(r.ok ? {} : r.errors);
      setBlocked(true);
      return;
    }
    setErrors({});
    setBlocked(false);
    setLaunching(true);
    try {
      const info = await window.proclab.startRun({
        scenarioId: scenario.id,
        runtime,
        params: r.values,
        ...(l.limits && { limits: l.limits }),
      });
      store.receiveRun(info);
      memory.runs[scenario.id] = info.id;
      setRunId(info.id);
    } catch (err) {
      const info = errorInfo(err, lang);
      const fieldErrors = errorsFromIssues(
        info.issues,
        specs.map((s) => s.name),
      );
      if (Object.keys(fieldErrors).length) {
        setErrors(fieldErrors);
        setBlocked(true);
      } else notify('error', t('play.launchFailed', { message: info.message }));
    } finally {
      setLaunching(false);
    }
  };

  return (
    <div className="scenario-detail" data-testid="scenario-detail" data-scenario={scenario.id}>
      <section className="card scenario-intro">
        <div className="scenario-heading">
          <h2>{p(scenario.title)}</h2>
          <span className={`kind-chip kind-${scenario.kind}`}>{t(`play.kind.${scenario.kind}` as MsgKey)}</span>
          {scenario.concepts.map((c) => (
            <span key={c} className="concept-chip" title={CONCEPTS[c]?.[lang]}>
              {t('play.concept', { n: c })}
            </span>
          ))}
        </div>
        <p className="explanation">{p(scenario.explanation)}</p>
        <div className="lesson">
          <strong>{t('play.lesson')}</strong>
          <p>{p(scenario.lesson.claim)}</p>
          {scenario.lesson.coreDependence && (
            <p className="muted small">
              {t('play.coreDependence')}: {p(scenario.lesson.coreDependence)}
            </p>
          )}
        </div>
        {scenario.runtimeNotes && (
          <p className="muted small">
            {t('play.runtimeNotes')}: {p(scenario.runtimeNotes)}
          </p>
        )}
        {scenario.howItWorks && (
          <details className="how-it-works" data-testid="how-it-works">
            <summary>{t('play.howItWorks')}</summary>
            <div className="how-it-works-text">{p(scenario.howItWorks)}</div>
          </details>
        )}
      </section>

      <form className="card param-form" onSubmit={(e) => void submit(e)} noValidate data-testid="param-form">
        <div className="form-row">
          <span className="field-label">{t('play.runtime')}</span>
          <div className="seg" role="group" aria-label={t('play.runtime')}>
            {runtimes.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={runtime === r}
                onClick={() => setRuntime(r)}
                data-testid={`runtime-${r}`}
                disabled={running}
              >
                {t(`play.runtime.${r}`)}
              </button>
            ))}
          </div>
        </div>
        {specs.length > 0 && <h3 className="card-title">{t('play.params')}</h3>}
        <ParamGrid specs={specs} form={form} errors={errors} onField={setField} disabled={running} />
        <LimitFields
          form={limitForm}
          errors={limitErrors}
          defaults={{ maxDurationMs: scenario.timeoutSec * 1000 }}
          onField={(k, v) => {
            setLimitForm((f) => ({ ...f, [k]: v }));
            setLimitErrors((e) => {
              const { [k]: _drop, ...rest } = e;
              return rest;
            });
            setBlocked(false);
          }}
          disabled={running}
        />
        {blocked && (
          <p className="error-text" role="alert" data-testid="form-blocked">
            {t('play.fixErrors')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn-primary btn-large" disabled={launching || running} data-testid="run-button">
            {running ? t('play.running') : `▶ ${t('play.run')}`}
          </button>
          {running && run && (
            <button
              type="button"
              className="btn-danger"
              data-testid="form-stop-button"
              onClick={() =>
                window.proclab
                  .stopRun({ runId: run.id })
                  .catch((e) => notify('error', t('common.error', { message: errorInfo(e, lang).message })))
              }
            >
              ■ {t('play.stop')}
            </button>
          )}
          <OneClickCompare scenario={scenario} runtime={runtime} params={formParams} disabled={running} onCompared={onCompared} />
          <span className="muted small">{t('play.timeout', { s: scenario.timeoutSec })}</span>
        </div>
      </form>

      {comparison && (
        <div ref={compareRef} data-testid="one-click-view">
          <CompareView
            comparison={comparison}
            onClose={() => setComparison(null)}
            onRebase={(id) =>
              void window.proclab
                .compare({ runIds: comparison.rows.map((r) => r.runId), baselineId: id })
                .then(setComparison)
                .catch((e) => notify('error', t('compare.failed', { message: errorInfo(e, lang).message })))
            }
          />
        </div>
      )}
      {run ? (
        <div ref={runRef} className="run-anchor">
          <RunPanel run={run} live={live} signalButtons={scenario.signalButtons} />
        </div>
      ) : (
        <div className="card empty-state">{t('play.noRun')}</div>
      )}
    </div>
  );
}
