import type { I18nText, Lang } from '../../../shared/model';
import type { ResultSpec } from '../../../shared/scenario';
import { pick } from '../i18n/translate';

/** One figure of a run's result line as the Results card names it. */
export interface ResultFigure {
  key: string;
  value: unknown;
  /** The scenario's label in the UI language; null for a figure its manifest does not declare (a scratchpad program's own). */
  label: string | null;
}

/**
 * The result's figures in the program's order, each named by the label its scenario's manifest
 * declares (`results` in scenarios/<id>/manifest.json), in the UI language. A figure no manifest
 * labels — every figure of the user's own programs — keeps its key: there the key is the program's own word.
 */
export function resultFigures(
  result: Record<string, unknown>,
  specs: readonly ResultSpec[] | null | undefined,
  lang: Lang,
): ResultFigure[] {
  const labels = new Map<string, I18nText>((specs ?? []).map((s) => [s.name, s.label]));
  return Object.entries(result).map(([key, value]) => {
    const label = labels.get(key);
    return { key, value, label: label ? pick(lang, label) : null };
  });
}
