import { describe, expect, it } from 'vitest';
import { buildComparison, metricSummaries } from '../../../../src/main/core/runs/compare';
import { manifestSchema } from '../../../../src/shared/scenario';
import { metricWords } from '../../../../src/renderer/src/ui/metric-words';
import { makeRun, out } from '../../../lessons/rundata';

const manifest = {
  id: 'm',
  title: { en: 'M', zh: '中' },
  explanation: { en: 'M', zh: '中' },
  concepts: [11],
  kind: 'sync',
  runtimes: { python: { entry: 'main.py' } },
  params: [],
  lesson: { claim: { en: 'c', zh: '论' } },
};
const depth = { name: 'queue_depth', unit: 'items', label: { en: 'Queue depth', zh: '队列深度' } };

describe('manifest metrics declarations', () => {
  it('accepts name, unit and a bilingual label', () =>
    expect(manifestSchema.safeParse({ ...manifest, metrics: [depth] }).success).toBe(true));
  it('refuses a metric declared twice, naming it', () => {
    const r = manifestSchema.safeParse({ ...manifest, metrics: [depth, depth] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('queue_depth');
  });
  it('refuses a label without Chinese and unknown keys', () => {
    expect(manifestSchema.safeParse({ ...manifest, metrics: [{ ...depth, label: { en: 'Queue depth' } }] }).success).toBe(false);
    expect(manifestSchema.safeParse({ ...manifest, metrics: [{ ...depth, colour: 'red' }] }).success).toBe(false);
  });
});

describe('metric summaries in comparisons', () => {
  // One spike among many points: the chart series may thin it away, the summary must not.
  const lags = [1, 2, 1, 610, 1, 2].map((v, i) => out('metric', i * 0.05, { name: 'loop_lag_ms', value: v }));
  const run = makeRun({
    outputs: [...lags, out('metric', 1, { name: 'queue_depth', value: 3 }), out('metric', 1, { name: 'bad', value: 'x' })],
  });
  it('keeps last, peak, mean and the number of points of every metric', () => {
    const s = metricSummaries(run);
    expect(s.loop_lag_ms).toEqual({ last: 2, peak: 610, mean: 617 / 6, points: 6 });
    expect(s.queue_depth).toEqual({ last: 3, peak: 3, mean: 3, points: 1 });
    expect(s.bad).toBeUndefined();
  });
  it('rides on each comparison row', () => {
    const c = buildComparison([run, { ...run, info: { ...run.info, id: 'r2' } }]);
    expect(c.rows.map((r) => r.metrics?.loop_lag_ms?.peak)).toEqual([610, 610]);
  });
});

describe('metric words for charts', () => {
  it('uses the declared label in the UI language and the unit', () => {
    const w = metricWords([depth], 'queue_depth', 'zh');
    expect(w.title).toBe('队列深度');
    expect(w.format(3)).toBe('3 items');
    expect(metricWords([depth], 'queue_depth', 'en').title).toBe('Queue depth');
  });
  it('falls back to the metric name, without a unit, for undeclared metrics', () => {
    const w = metricWords([depth], 'tickets_left', 'en');
    expect(w.title).toBe('tickets_left');
    expect(w.format(2.5)).toBe('2.50');
    expect(w.format(undefined)).toBe('—');
  });
});
