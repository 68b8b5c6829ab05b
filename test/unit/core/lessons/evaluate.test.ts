import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineLesson, evaluateLesson } from '../../../../src/main/core/lessons';
import { claim, verdict } from '../../../../src/main/core/lessons/kit';
import { BUNDLED_LESSONS } from '../../../../src/main/core/lessons/bundled';
import { compareRow } from '../../../../src/main/core/runs/compare';
import { makeRun, out, proc, ROOT, sample } from '../../../lessons/rundata';

// A lesson that passes when its program reported `n` = 2.
const seen: unknown[] = [];
const lesson = defineLesson({
  result: z.object({ n: z.number(), label: z.string() }).partial(),
  verdict: (run, r) => {
    seen.push(r);
    return verdict([claim('n is 2', 'n 为 2', r.n === 2 && run.info.status === 'finished', String(r.n))], {});
  },
});

describe('evaluateLesson', () => {
  it('gives the verdict every result line parsed by the schema, later lines winning, unknown keys dropped', () => {
    seen.length = 0;
    const v = evaluateLesson(lesson, makeRun({ outputs: [out('result', 1, { n: 1, label: 'a', extra: 9 }), out('result', 2, { n: 2 })] }));
    expect(v.outcome).toBe('pass');
    expect(seen).toEqual([{ n: 2, label: 'a' }]);
  });
  it('a mistyped field of a finished run: inconclusive, naming line and field, in both languages, and no verdict run', () => {
    seen.length = 0;
    const v = evaluateLesson(lesson, makeRun({ outputs: [out('result', 1, { n: 2 }), out('result', 2, { label: 7 })] }));
    expect(v).toMatchObject({ pass: false, outcome: 'inconclusive', inconclusive: { cause: 'result' } });
    expect(v.inconclusive!.text.en).toContain('result line 2: label');
    expect(v.inconclusive!.text.zh).toContain('result line 2: label');
    expect(seen).toEqual([]);
  });
  it('a run that did not end normally is judged anyway (it fails on that), whatever its result lines', () => {
    const v = evaluateLesson(lesson, makeRun({ status: 'failed', outputs: [out('result', 1, { n: 'two' })] }));
    expect(v.outcome).toBe('fail');
  });
});

describe('a claim about cores on a run that ended before it was sampled enough', () => {
  const band = { from: 0.8, to: 2, label: { en: '≥ 0.8', zh: '≥ 0.8' } };
  const withBand = (n: number) => {
    const run = makeRun({
      outputs: [out('result', 1, { n: 2 })],
      samples: Array.from({ length: n }, (_, i) => sample(i * 0.05, [proc(ROOT, 90)])),
    });
    run.info.band = band;
    return run;
  };
  it('is inconclusive and says how many samples there were, in both languages', () => {
    const v = evaluateLesson(lesson, withBand(1));
    expect(v).toMatchObject({ pass: false, outcome: 'inconclusive', inconclusive: { cause: 'samples' } });
    expect(v.inconclusive!.text.en).toContain('too few samples (1)');
    expect(v.inconclusive!.text.zh).toContain('样本太少（1 个）');
    // The claims are still shown: the reason says why they do not count.
    expect(v.claims).toHaveLength(1);
  });
  it('is judged as usual with enough samples, and a failed run still fails', () => {
    expect(evaluateLesson(lesson, withBand(6)).outcome).toBe('pass');
    const failed = withBand(1);
    failed.info.status = 'failed';
    failed.info.exit = { code: 1, signal: null, by: 'self', at: failed.info.endedAt! };
    expect(evaluateLesson(lesson, failed).outcome).toBe('fail');
  });
});

describe('every lesson that reports avgCores', () => {
  // Uneven sampling and a calibration phase before the progress window: the two averages
  // would differ if a lesson computed its own.
  const run = makeRun({
    params: { model: 'processes', workers: 2 },
    samples: [0.4, 1, 1.2, 2, 3, 4, 4.1, 5, 6].map((t) =>
      sample(t, [proc(ROOT, t > 1 && t <= 5 ? 60 + 30 * t : 90), proc(ROOT + 1, t > 1 && t <= 5 ? 30 : 0)]),
    ),
    outputs: [out('progress', 1, { done: 0, total: 2 }), out('progress', 5, { done: 2, total: 2 })],
  });
  for (const [id, l] of BUNDLED_LESSONS)
    it(`${id}: the same figure as the comparison table`, () => {
      if ('error' in l) throw new Error(l.error);
      const v = evaluateLesson(l, run);
      if (v.figures.avgCores !== undefined) expect(v.figures.avgCores).toBeCloseTo(compareRow(run, 0).avgCores, 2);
    });
});
