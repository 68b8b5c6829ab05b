import type { Lang } from '../../../shared/model';
import type { MetricSpec } from '../../../shared/scenario';
import { fmtNum } from '../../../shared/format';

/** How a chart names a metric and writes its values, from the scenario's declarations. */
export interface MetricWords {
  /** The declared label in the UI language, else the metric's own name. */
  title: string;
  unit: string;
  /** A value with its unit, "12.5 ms". */
  format: (v: number | null | undefined) => string;
}

export function metricWords(specs: readonly MetricSpec[], name: string, lang: Lang): MetricWords {
  const s = specs.find((x) => x.name === name);
  const unit = s?.unit ?? '';
  return {
    title: s ? s.label[lang] : name,
    unit,
    format: (v) => {
      const n = fmtNum(v);
      return unit && n !== '—' ? `${n} ${unit}` : n;
    },
  };
}
