import { useEffect, useState } from 'react';
import type { MetricSpec } from '../../../shared/scenario';

/**
 * What the manifests declare about their metrics (label, unit), fetched once per window: runs
 * and comparisons name a scenario id, and the charts need its words, not only the metric's name.
 */
let specsByScenario: Promise<Map<string, MetricSpec[]>> | null = null;

function loadSpecs(): Promise<Map<string, MetricSpec[]>> {
  if (specsByScenario) return specsByScenario;
  const loading = window.proclab
    .listScenarios()
    .then((c) => new Map(c.scenarios.map((s) => [s.id, s.metrics ?? []])))
    .catch(() => {
      specsByScenario = null; // try again next time rather than keep a failure
      return new Map<string, MetricSpec[]>();
    });
  specsByScenario = loading;
  return loading;
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

export { metricWords, type MetricWords } from './metric-words';
