import { useEffect, useRef, useState } from 'react';
import type { ParamValue, Runtime } from '../../../shared/model';
import type { Comparison } from '../../../shared/results';
import type { ScenarioInfo } from '../../../shared/scenario';
import { errorInfo } from '../control/actions';
import { useI18n } from '../i18n/I18nProvider';
import { useStore } from '../store/hooks';
import { refreshRuns } from '../runview/run-pages';
import { notify } from '../ui/notices';
import { oneClickModels } from '../model/catalogue';
import { en, type MsgKey } from '../i18n/messages';
import type { TFn } from '../i18n/translate';

/** "Compare threads vs processes vs sequential" on a scenario's page: one batch, then its comparison in view. */
export function OneClickCompare({
  scenario,
  runtime,
  params,
  disabled,
  onCompared,
}: {
  onCompared: (c: Comparison) => void;
  scenario: ScenarioInfo;
  runtime: Runtime;
  /** The form's values (model excluded: it is what varies), or null while the form has errors. */
  params: Record<string, ParamValue> | null;
  disabled: boolean;
}) {
  const { t, lang } = useI18n();
  const models = oneClickModels(scenario);
  const [batchId, setBatchId] = useState<string | null>(null);
  const batch = useStore((s) => (batchId && s.batch?.batchId === batchId ? s.batch : null));
  const handled = useRef<string | null>(null);

  useEffect(() => {
    if (!batch?.finished || handled.current === batch.batchId) return;
    handled.current = batch.batchId;
    refreshRuns();
    if (batch.error) notify('error', t('models.error', { message: batch.error }));
    if (!batch.runIds.length) return;
    // The batch runs the models in the order asked: sequential, when there, is the first run and the baseline.
    const baselineId = models[0] === 'sequential' ? batch.runIds[0] : undefined;
    window.proclab
      .compare({ runIds: batch.runIds, ...(baselineId && { baselineId }) })
      .then(onCompared)
      .catch((e) => notify('error', t('compare.failed', { message: errorInfo(e, lang).message })));
  }, [batch, models, t, lang, onCompared]);

  if (models.length < 2) return null;
  const running = batch !== null && !batch.finished;
  const start = async (): Promise<void> => {
    if (!params) return;
    const { model: _model, ...rest } = params;
    try {
      const b = await window.proclab.compareModels({ scenarioId: scenario.id, models, runtimes: [runtime], params: rest });
      handled.current = null;
      setBatchId(b.batchId);
    } catch (e) {
      notify('error', t('models.error', { message: errorInfo(e, lang).message }));
    }
  };

  return (
    <button
      type="button"
      onClick={() => void start()}
      disabled={disabled || running || !params}
      data-testid="one-click-compare"
      title={t('play.oneClickHelp')}
    >
      ⇆ {t('play.oneClick', { models: models.map((m) => modelWord(m, t)).join(t('play.vs')) })}
      {running && batch && ` (${batch.done}/${batch.total})`}
    </button>
  );
}

/** A model's name in the UI's language (a scenario's own model without a word keeps its name). */
function modelWord(model: string, t: TFn): string {
  const key = `model.${model}`;
  return key in en ? t(key as MsgKey) : model;
}
