import { describe, expect, it } from 'vitest';
import { modelsFromParams, planModelBatch } from '../../../../src/main/core/runs/model-batch';

describe('planModelBatch', () => {
  it('plans runtime by runtime and skips unsupported combinations', () => {
    const supported = (rt: string) => (rt === 'python' ? ['sequential', 'threads', 'processes'] : ['sequential', 'worker-threads']);
    expect(planModelBatch(['threads', 'processes', 'worker-threads'], ['python', 'node'], supported)).toEqual([
      { runtime: 'python', model: 'threads' },
      { runtime: 'python', model: 'processes' },
      { runtime: 'node', model: 'worker-threads' },
    ]);
  });

  it('drops duplicates and returns nothing when nothing fits', () => {
    expect(planModelBatch(['a', 'a'], ['python'], () => ['a'])).toEqual([{ runtime: 'python', model: 'a' }]);
    expect(planModelBatch(['z'], ['python', 'node'], () => ['a'])).toEqual([]);
  });

  it('reads a manifest model enum, per runtime', () => {
    const params = [
      { name: 'model', type: 'enum', values: ['threads', 'processes'], runtimes: ['python' as const] },
      { name: 'model', type: 'enum', values: ['workers'], runtimes: ['node' as const] },
    ];
    expect(modelsFromParams(params, 'python')).toEqual(['threads', 'processes']);
    expect(modelsFromParams(params, 'node')).toEqual(['workers']);
  });
});
