import { useEffect, useState } from 'react';
import type { ScenarioInfo, ScenarioLoadError } from '../../../shared/scenario';

export type Catalogue = { scenarios: ScenarioInfo[]; errors: ScenarioLoadError[] };

/** The last catalogue fetched: survives switching tabs (the views that ask for it unmount). */
let remembered: Catalogue | null = null;

/** The scenario catalogue for the forms (playground, compare models), fetched afresh on mount. */
export function useCatalogue(): { catalogue: Catalogue | null; error: unknown } {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(remembered);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    window.proclab
      .listScenarios()
      .then((c) => {
        remembered = c;
        if (live) setCatalogue(c);
      })
      .catch((e: unknown) => live && setError(e ?? 'error'));
    return () => {
      live = false;
    };
  }, []);
  return { catalogue, error };
}
