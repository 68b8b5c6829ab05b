import type { Runtime } from '../../../shared/model';
import { compareParam, type ParamSpec, type ScenarioInfo } from '../../../shared/scenario';

export interface ConceptGroup {
  concept: number;
  scenarios: ScenarioInfo[];
}

/** Scenarios grouped under their first (main) concept, concepts in seed order. */
export function groupByConcept(list: readonly ScenarioInfo[]): ConceptGroup[] {
  const groups = new Map<number, ScenarioInfo[]>();
  for (const s of list) {
    const c = s.concepts[0] ?? 0;
    const g = groups.get(c) ?? [];
    g.push(s);
    groups.set(c, g);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([concept, scenarios]) => ({ concept, scenarios: scenarios.sort((a, b) => a.id.localeCompare(b.id)) }));
}

export function paramsFor(s: Pick<ScenarioInfo, 'params'>, runtime: Runtime): ParamSpec[] {
  return s.params.filter((p) => !p.runtimes || p.runtimes.includes(runtime));
}

/** Form field values: text for numbers and enums (what the user types), booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

export function defaultFormValues(specs: readonly ParamSpec[]): FormValues {
  const out: FormValues = {};
  for (const p of specs) out[p.name] = p.type === 'bool' ? p.default : String(p.default);
  return out;
}

/**
 * The form after switching runtime: every field the user left at the old runtime's default
 * takes the new runtime's default (Python's threads=100 is refused by Node's bounds); a field
 * the user changed keeps the value typed.
 */
export function formForRuntime(form: FormValues, oldSpecs: readonly ParamSpec[], newSpecs: readonly ParamSpec[]): FormValues {
  const oldDefaults = defaultFormValues(oldSpecs);
  const out = defaultFormValues(newSpecs);
  for (const name of Object.keys(out)) {
    const v = form[name];
    if (v !== undefined && name in oldDefaults && v !== oldDefaults[name]) out[name] = v;
  }
  return out;
}

/**
 * The enum parameter "compare models" iterates over (`compareBy`, default "model"); a parameter
 * declared per runtime with different values offers every value (each run uses its runtime's).
 */
export function modelParam(s: Pick<ScenarioInfo, 'params' | 'compareBy'>): Extract<ParamSpec, { type: 'enum' }> | null {
  const name = compareParam(s);
  const found = s.params.filter((x): x is Extract<ParamSpec, { type: 'enum' }> => x.name === name && x.type === 'enum');
  if (!found.length) return null;
  return { ...found[0]!, runtimes: undefined, values: [...new Set(found.flatMap((x) => x.values))] };
}

const ONE_CLICK = ['sequential', 'threads', 'processes'] as const;

/**
 * The models the scenario page's one-click comparison runs: threads, processes and sequential
 * where the manifest's model param has them, sequential first (it is the baseline). Fewer than
 * two: no such button.
 */
export function oneClickModels(s: Pick<ScenarioInfo, 'params'>): string[] {
  const m = modelParam(s);
  if (!m) return [];
  const picked = ONE_CLICK.filter((x) => m.values.includes(x));
  return picked.length >= 2 ? picked : [];
}
