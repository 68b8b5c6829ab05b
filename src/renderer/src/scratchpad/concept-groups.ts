import type { Example } from '../../../shared/examples';

/** Every concept that has a scenario or a seed example, in concept order. */
export function conceptGroups<S>(
  byConcept: Array<{ concept: number; scenarios: S[] }>,
  examples: Example[],
): Array<{ concept: number; scenarios: S[]; examples: Example[] }> {
  const nums = new Set([...byConcept.map((g) => g.concept), ...examples.map((e) => e.concept)]);
  return [...nums]
    .sort((a, b) => a - b)
    .map((concept) => ({
      concept,
      scenarios: byConcept.find((g) => g.concept === concept)?.scenarios ?? [],
      examples: examples.filter((e) => e.concept === concept),
    }));
}
