import { useEffect, useMemo, useRef, useState } from 'react';
import type { Runtime } from '../../../shared/model';
import type { Comparison } from '../../../shared/results';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { runtimesOf } from '../../../shared/scenario';
import { defaultFormValues, modelParam, paramsFor, type FormValues } from '../model/catalogue';
import { ParamGrid } from '../forms/ParamField';
import { checkForm } from '../model/params';
import { useCatalogue } from '../forms/useCatalogue';
import { ProgressBar } from '../runview/RunParts';
import { useStore } from '../store/hooks';
import { notify } from '../ui/notices';
import { refreshRuns } from '../runview/run-pages';

/** "Compare models": the same workload once per model × runtime, one after another, then the comparison. */
export function CompareModels({ onCompared }: { onCompared: (c: Comparison) => void }) {
  const { t, p, lang } = useI18n();
  const { catalogue } = useCatalogue();
  const candidates = useMemo(() => (catalogue?.scenarios ?? []).filter((s) => modelParam(s) !== null), [catalogue]);
  const [scenarioId, setScenarioId] = useState<string | null>(null);
  const scenario = candidates.find((s) => s.id === scenarioId) ?? candidates[0] ?? null;
  // Memoized: modelParam builds a new object (values merged across runtimes), and the effect below resets the form when it changes.
  const model = useMemo(() => (scenario ? modelParam(scenario) : null), [scenario]);
  const [models, setModels] = useState<string[]>([]);
  const [runtimes, setRuntimes] = useState<Runtime[]>([]);
  const [form, setForm] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [batchId, setBatchId] = useState<string | null>(null);
  const batch = useStore((s) => (batchId && s.batch?.batchId === batchId ? s.batch : null));
  const handled = useRef<string | null>(null);

  // A new scenario: all its models and runtimes, default parameters.
  useEffect(() => {
    if (!scenario || !model) return;
    setModels([...model.values]);
    setRuntimes(runtimesOf(scenario));
    setForm(defaultFormValues(scenario.params.filter((x) => x.name !== model.name)));
    setErrors({});
  }, [scenario, model]);

  // The batch finished: refresh the history and open the comparison.
  useEffect(() => {
    if (!batch?.finished || handled.current === batch.batchId) return;
    handled.current = batch.batchId;
    refreshRuns();
    if (batch.error) notify('error', t('models.error', { message: batch.error }));
    if (batch.runIds.length)
      window.proclab
        .compare({ runIds: batch.runIds })
        .then(onCompared)
        .catch((e) => notify('error', t('compare.failed', { message: errorInfo(e, lang).message })));
  }, [batch, onCompared, t, lang]);

  if (!catalogue) return null;
  if (!scenario || !model)
    return (
      <section className="card">
        <h2>{t('models.title')}</h2>
        <p className="muted">{t('models.noModelScenario')}</p>
      </section>
    );

  // Parameters shared by every runtime picked (model excluded: it is what varies).
  const specs = paramsFor(scenario, runtimes[0] ?? 'python').filter(
    (x) => x.name !== model.name && runtimes.every((r) => !x.runtimes || x.runtimes.includes(r)),
  );
  const running = batch !== null && !batch.finished;
  const total = models.length * runtimes.length;

  const start = async (): Promise<void> => {
    if (!models.length || !runtimes.length) {
      notify('warn', t('models.pickOne'));
      return;
    }
    const checked = checkForm(specs, runtimes[0]!, form, t);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    try {
      const b = await window.proclab.compareModels({ scenarioId: scenario.id, models, runtimes, params: checked.values });
      handled.current = null;
      setBatchId(b.batchId);
    } catch (e) {
      notify('error', t('models.error', { message: errorInfo(e, lang).message }));
    }
  };
  const toggle = <T,>(list: T[], x: T): T[] => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);

  return (
    <section className="card compare-models" data-testid="compare-models">
      <header className="card-head">
        <div>
          <h2>{t('models.title')}</h2>
          <p className="help">{t('models.help')}</p>
        </div>
      </header>
      <div className="models-grid">
        <label className="param-field">
          <span className="field-label">{t('models.scenario')}</span>
          <select value={scenario.id} onChange={(e) => setScenarioId(e.target.value)} disabled={running} data-testid="models-scenario">
            {candidates.map((s) => (
              <option key={s.id} value={s.id}>
                {p(s.title)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="checks">
          <legend className="field-label">{t('models.models')}</legend>
          {model.values.map((m) => (
            <label key={m} className="check">
              <input
                type="checkbox"
                checked={models.includes(m)}
                onChange={() => setModels((l) => toggle(l, m))}
                disabled={running}
                data-testid={`model-${m}`}
              />
              {m}
            </label>
          ))}
        </fieldset>
        <fieldset className="checks">
          <legend className="field-label">{t('models.runtimes')}</legend>
          {runtimesOf(scenario).map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                checked={runtimes.includes(r)}
                onChange={() => setRuntimes((l) => toggle(l, r))}
                disabled={running}
                data-testid={`models-runtime-${r}`}
              />
              {t(`play.runtime.${r}`)}
            </label>
          ))}
        </fieldset>
      </div>
      {specs.length > 0 && (
        <ParamGrid
          specs={specs}
          form={form}
          errors={errors}
          onField={(name, v) => setForm((f) => ({ ...f, [name]: v }))}
          disabled={running}
        />
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn-primary btn-large"
          onClick={() => void start()}
          disabled={running || total === 0}
          data-testid="models-start"
        >
          ▶ {t('models.start', { n: total })}
        </button>
      </div>
      {batch && (
        <div data-testid="models-progress" data-finished={String(batch.finished)}>
          <ProgressBar
            done={batch.done}
            total={batch.total}
            label={
              batch.finished
                ? batch.error
                  ? t('models.error', { message: batch.error })
                  : t('models.finished', { total: batch.total })
                : t('models.running', { done: batch.done + 1, total: batch.total, current: batch.current ?? '' })
            }
          />
        </div>
      )}
    </section>
  );
}
