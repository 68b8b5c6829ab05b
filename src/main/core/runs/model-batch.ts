import type { Runtime } from '../../../shared/model';

export interface PlannedRun {
  runtime: Runtime;
  model: string;
}

/**
 * The runs a "compare models" batch will make, in order: per runtime, each model, so runs
 * of one runtime sit together. Combinations the scenario does not offer are skipped (e.g.
 * Node has no GIL-bound 'threads' model if the manifest says so); duplicates are dropped.
 * Pure: the service runs the plan one run after another and reports progress.
 */
export function planModelBatch(models: string[], runtimes: Runtime[], supportedModels: (runtime: Runtime) => string[]): PlannedRun[] {
  const plan: PlannedRun[] = [];
  const seen = new Set<string>();
  for (const runtime of runtimes) {
    const offered = new Set(supportedModels(runtime));
    for (const model of models) {
      const key = `${runtime}\0${model}`;
      if (!offered.has(model) || seen.has(key)) continue;
      seen.add(key);
      plan.push({ runtime, model });
    }
  }
  return plan;
}

/** The models a manifest's `model` enum offers for a runtime (helper for supportedModels). */
export function modelsFromParams(
  params: Array<{ name: string; type: string; values?: string[]; runtimes?: Runtime[] }>,
  runtime: Runtime,
  paramName = 'model',
): string[] {
  const spec = params.find((p) => p.name === paramName && p.type === 'enum' && (!p.runtimes || p.runtimes.includes(runtime)));
  return spec?.values ?? [];
}
