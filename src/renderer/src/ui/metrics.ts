import { useEffect, useState } from 'react';
import type { MetricSpec } from '../../../shared/scenario';
import { loadCatalogue } from './scenario-catalogue';

/** What the manifests declare about their metrics (label, unit): charts need its words, not only the metric's name. */
function loadSpecs(): Promise<Map<string, MetricSpec[]>> {
  return loadCatalogue().then((c) => new Map([...c].map(([id, s]) => [id, s.metrics ?? []])));
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
