import { describe, expect, it } from 'vitest';
import {
  claim,
  claimBound,
  concatText,
  finishedClaim,
  flag,
  joinText,
  paren,
  relTime,
  undecidedClaim,
  verdict,
} from '../../../../src/main/core/lessons/kit';
import { evaluateLesson } from '../../../../src/main/core/lessons';
import { BUNDLED_LESSONS } from '../../../../src/main/core/lessons/bundled';
import { verdictOutcome } from '../../../../src/shared/verdict';
import { expectBilingual, figuresIn, makeRun, T0 } from '../../../lessons/rundata';

const ok = (measured: Parameters<typeof claim>[3]) => verdict([claim('x', '某', true, measured)], {});

describe('claim measured text', () => {
  it('keeps the English as `measured` and both languages as `measuredText`', () => {
    const c = claim('Uses one core', '使用一个核', true, { en: '1.04 cores on average', zh: '平均 1.04 个核' });
    expect(c.measured).toBe('1.04 cores on average');
    expect(c.measuredText).toEqual({ en: '1.04 cores on average', zh: '平均 1.04 个核' });
    expect(claim('a', '甲', true, '1.5×').measuredText).toEqual({ en: '1.5×', zh: '1.5×' });
  });

  it('words the end of the run in both languages', () => {
    const run = makeRun({ status: 'failed' });
    expectBilingual(verdict([finishedClaim(run)], {}));
    run.info.exit = { code: null, signal: 'SIGKILL', by: 'user', at: T0 };
    expect(finishedClaim(run).measuredText).toEqual({ en: 'status failed, exit code SIGKILL', zh: '状态 failed，被信号 SIGKILL 结束' });
  });
});

describe('every lesson on a run that printed and sampled nothing', () => {
  // The lesson test files check their fixtures as they compute them; these runs reach the
  // "nothing was measured" wording those fixtures skip, and any lesson added later.
  for (const [name, lesson] of BUNDLED_LESSONS)
    for (const runtime of ['python', 'node'] as const)
      it(`${name} (${runtime}) fails, and says why in both languages`, () => {
        if ('error' in lesson) throw new Error(lesson.error);
        const v = evaluateLesson(lesson, makeRun({ runtime, status: 'failed' }));
        expect(v.pass).toBe(false);
        expect(v.outcome).toBe('fail');
        expectBilingual(v);
      });
});

describe('verdict outcomes', () => {
  const pass = claim('a', '甲', true, '1');
  const fail = claim('b', '乙', false, '2');
  const open = undecidedClaim('c', '丙', '3', { en: 'only 0.6 cores were free', zh: '只有 0.6 个核空闲' });
  it('fails on any failed claim, is inconclusive on an undecided one, passes otherwise', () => {
    expect(verdict([pass, fail, open], {}).outcome).toBe('fail');
    expect(verdict([pass], {}).outcome).toBe('pass');
    expect(verdict([], {}).outcome).toBe('fail');
    const v = verdict([pass, open], {});
    expect(v).toMatchObject({
      pass: false,
      outcome: 'inconclusive',
      inconclusive: { cause: 'machine', text: { en: 'only 0.6 cores were free' } },
    });
  });
  it('reads a verdict journalled before outcomes existed by its pass flag', () => {
    expect(verdictOutcome({ pass: true })).toBe('pass');
    expect(verdictOutcome({ pass: false })).toBe('fail');
    expect(verdictOutcome({ pass: false, outcome: 'inconclusive' })).toBe('inconclusive');
  });
});

describe('the bilingual check itself', () => {
  // The verdict tests lean on expectBilingual: it must catch each way a translation can go wrong.
  it('accepts a faithful translation, whatever the word order', () => {
    expect(() => expectBilingual(ok({ en: '6 tasks took 1100 ms: 1.10×', zh: '1.10×：6 个任务共耗时 1100 ms' }))).not.toThrow();
  });
  it('rejects a missing translation, English left in the Chinese, or an English that is not `measured`', () => {
    expect(() => expectBilingual(verdict([{ text: { en: 'x', zh: '某' }, pass: true, measured: '1 core' }], {}))).toThrow();
    expect(() => expectBilingual(ok('1.04 cores on average'))).toThrow();
    const c = claim('x', '某', true, { en: '1 core', zh: '1 个核' });
    expect(() => expectBilingual(verdict([{ ...c, measured: '2 cores' }], {}))).toThrow();
  });
  it('rejects a Chinese text whose figures differ from the English', () => {
    expect(() => expectBilingual(ok({ en: 'peak 5 threads, 1 before', zh: '线程数峰值为 5，启动前为 7' }))).toThrow();
    expect(() => expectBilingual(ok({ en: 'gone 0.5 s after', zh: '之后 0.50 s 消失' }))).toThrow();
    expect(() => expectBilingual(ok({ en: 'fork 3.1 ms, spawn 48.0 ms', zh: 'fork 3.1 ms' }))).toThrow();
    expect(figuresIn('nice -5: 16.6 % (expected 16.6 %)')).toEqual(['16.6', '16.6', '5']);
  });
});

describe('measured text helpers', () => {
  it('concatenates per language and drops absent parts', () => {
    expect(concatText({ en: 'a', zh: '甲' }, false, null, undefined, ' 1', { en: '!', zh: '！' })).toEqual({ en: 'a 1!', zh: '甲 1！' });
  });
  it('joins lists and clauses with each language’s punctuation', () => {
    expect(joinText(['running', 'sleeping'])).toEqual({ en: 'running, sleeping', zh: 'running、sleeping' });
    expect(joinText([{ en: 'a', zh: '甲' }, false, { en: 'b', zh: '乙' }], 'clause')).toEqual({ en: 'a; b', zh: '甲；乙' });
    expect(joinText([])).toEqual({ en: '', zh: '' });
  });
  it('parenthesises remarks, and leaves out an empty one', () => {
    expect(paren({ en: 'from the program', zh: '由程序报告' })).toEqual({ en: ' (from the program)', zh: '（由程序报告）' });
    expect(paren(false)).toEqual({ en: '', zh: '' });
    expect(claimBound('≤ 1.3', { en: 'busy', zh: '很忙' })).toEqual({ en: ' (claim: ≤ 1.3; busy)', zh: '（论断：≤ 1.3；很忙）' });
  });
  it('says yes/no and times in the run', () => {
    expect(flag({ en: 'alive', zh: '存活' }, true)).toEqual({ en: 'alive: true', zh: '存活：是' });
    expect(flag({ en: 'alive', zh: '存活' }, false)).toEqual({ en: 'alive: false', zh: '存活：否' });
    const run = makeRun({});
    expect(relTime(run, T0 + 1840)).toBe('+1.8 s');
    expect(relTime(run, null)).toBe('?');
  });
});
