/** Which models the scenario page's one-click comparison runs, from the manifest's model param. */
import { describe, expect, it } from 'vitest';
import { oneClickModels } from '../../../../src/renderer/src/model/catalogue';
import type { ScenarioInfo } from '../../../../src/shared/scenario';

const withModels = (values: string[]) =>
  ({ params: [{ name: 'model', type: 'enum', default: values[0], values, label: { en: 'm', zh: 'm' } }] }) as unknown as Pick<
    ScenarioInfo,
    'params'
  >;

describe('oneClickModels', () => {
  it('sequential first (the baseline), then threads and processes, only those the scenario has', () => {
    expect(oneClickModels(withModels(['threads', 'processes', 'pool', 'sequential', 'async']))).toEqual([
      'sequential',
      'threads',
      'processes',
    ]);
    expect(oneClickModels(withModels(['processes', 'threads']))).toEqual(['threads', 'processes']);
  });
  it('no button for fewer than two of them, or no model param', () => {
    expect(oneClickModels(withModels(['threads', 'async']))).toEqual([]);
    expect(oneClickModels({ params: [] } as unknown as Pick<ScenarioInfo, 'params'>)).toEqual([]);
  });
});
