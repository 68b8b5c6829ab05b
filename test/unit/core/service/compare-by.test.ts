import { describe, expect, it } from 'vitest';
import { supportedModels } from '../../../../src/main/core/service/model-batches';
import { modelParam } from '../../../../src/renderer/src/model/catalogue';
import { manifestSchema, type ScenarioInfo } from '../../../../src/shared/scenario';

const label = { en: 'Channel', zh: '通道' };
const manifest = {
  id: 'c',
  title: { en: 'C', zh: '中' },
  explanation: { en: 'C', zh: '中' },
  concepts: [10],
  kind: 'io',
  runtimes: { python: { entry: 'main.py' }, node: { entry: 'main.js' } },
  compareBy: 'channel',
  params: [
    { name: 'channel', type: 'enum', default: 'pipe', values: ['pipe', 'shm'], runtimes: ['python'], label },
    { name: 'channel', type: 'enum', default: 'socket', values: ['socket', 'shm'], runtimes: ['node'], label },
    { name: 'size', type: 'int', default: 8, min: 8, max: 64, label: { en: 'Size', zh: '大小' } },
  ],
  lesson: { claim: { en: 'c', zh: '论' } },
};

describe('compareBy: the parameter a model comparison varies', () => {
  const s = { ...manifestSchema.parse(manifest), dir: '/x' } as ScenarioInfo;
  it('must name an enum parameter', () => {
    expect(manifestSchema.safeParse({ ...manifest, compareBy: 'size' }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...manifest, compareBy: 'nope' }).success).toBe(false);
  });
  it('gives each runtime its own values of a per-runtime parameter', () => {
    expect(supportedModels(s, 'python')).toEqual(['pipe', 'shm']);
    expect(supportedModels(s, 'node')).toEqual(['socket', 'shm']);
  });
  it('offers the form every value of every runtime', () => {
    expect(modelParam(s)?.name).toBe('channel');
    expect(modelParam(s)?.values).toEqual(['pipe', 'shm', 'socket']);
  });
  it('defaults to the parameter named model', () => {
    const plain = { ...s, compareBy: undefined };
    expect(modelParam(plain)).toBeNull();
    expect(supportedModels(plain, 'python')).toEqual([]);
  });
});
