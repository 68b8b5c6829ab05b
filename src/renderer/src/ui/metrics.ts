import { useEffect, useState } from 'react';
import type { Lang } from '../../../shared/model';
import type { MetricSpec } from '../../../shared/scenario';
import { fmtNum } from './format';

/**
 * What the manifests declare about their metrics (label, unit), fetched once per window: runs
 * and comparisons name a scenario id, and the charts need its words, not only the metric's name.
 */
let specsByScenario: Promise<Map<string, MetricSpec[]>> | null = null;

function loadSpecs(): Promise<Map<string, MetricSpec[]>> {
  specsByScenario ??= window.proclab
    .listScenarios()
    .then((c) => new Map(c.scenarios.map((s) => [s.id, s.metrics ?? []])))
    .catch(() => {
      specsByScenario = null; // try again next time rather than keep a failure
      return new Map<string, MetricSpec[]>();
    });
  return specsByScenario;
}

/** The metric declarations of these scenarios (an empty list until loaded, or for undeclared ones). */
export function useMetricSpecs(scenarioIds: ReadonlyArray<string | null>): MetricSpec[] {
  const key = [...new Set(scenarioIds.filter((x): x is string => !!x))].sort().join(',');
  const [specs, setSpecs] = useState<MetricSpec[]>([]);
  useEffect(() => {
    let live = true;
    if (!key) return;
    void loadSpecs().then((m) => {
      if (!live) return;
      const seen = new Set<string>();
      setSpecs(key.split(',').flatMap((id) => (m.get(id) ?? []).filter((s) => !seen.has(s.name) && seen.add(s.name))));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return specs;
}

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
