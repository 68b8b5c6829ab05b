import { useEffect, useState } from 'react';
import type { ScenarioInfo } from '../../../shared/scenario';
import type { SignalName } from '../../../shared/signals';

/**
 * The manifests, fetched once per window: views that show a run by its scenario id (the runs
 * tab, comparisons) need what its manifest declares (metric words, signal buttons).
 */
let catalogue: Promise<Map<string, ScenarioInfo>> | null = null;

export function loadCatalogue(): Promise<Map<string, ScenarioInfo>> {
  if (catalogue) return catalogue;
  const loading = window.proclab
    .listScenarios()
    .then((c) => new Map(c.scenarios.map((s) => [s.id, s])))
    .catch(() => {
      catalogue = null; // try again next time rather than keep a failure
      return new Map<string, ScenarioInfo>();
    });
  catalogue = loading;
  return loading;
}

const NONE: readonly SignalName[] = [];

/** The signals a scenario's manifest offers as buttons (none until loaded, or for a run without a scenario). */
export function useSignalButtons(scenarioId: string | null | undefined): readonly SignalName[] {
  const [signals, setSignals] = useState<readonly SignalName[]>(NONE);
  useEffect(() => {
    let live = true;
    if (!scenarioId) {
      setSignals(NONE);
      return;
    }
    void loadCatalogue().then((m) => live && setSignals(m.get(scenarioId)?.signalButtons ?? NONE));
    return () => {
      live = false;
    };
  }, [scenarioId]);
  return signals;
}

/** A scenario's manifest (null until loaded, or for a run without a scenario): prompts, bands and the like. */
export function useScenarioInfo(scenarioId: string | null | undefined): ScenarioInfo | null {
  const [info, setInfo] = useState<ScenarioInfo | null>(null);
  useEffect(() => {
    let live = true;
    if (!scenarioId) {
      setInfo(null);
      return;
    }
    void loadCatalogue().then((m) => live && setInfo(m.get(scenarioId) ?? null));
    return () => {
      live = false;
    };
  }, [scenarioId]);
  return info;
}
