import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineLesson, evaluateLesson } from '../../src/main/core/lessons';
import { claim, verdict } from '../../src/main/core/lessons/kit';
import { makeRun, out } from '../lessons/rundata';

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
