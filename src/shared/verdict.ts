import type { Claim, I18nText, Verdict, VerdictOutcome } from './model';

/** The outcome of a verdict, also for one journalled before outcomes existed (then only `pass` was kept). */
export function verdictOutcome(v: Pick<Verdict, 'pass' | 'outcome'>): VerdictOutcome {
  return v.outcome ?? (v.pass ? 'pass' : 'fail');
}

/** How the CLI and the reports name each outcome, in both languages. */
export const OUTCOME_WORDS: Readonly<Record<VerdictOutcome, I18nText>> = {
  pass: { en: 'pass', zh: '通过' },
  fail: { en: 'fail', zh: '未通过' },
  inconclusive: { en: 'inconclusive', zh: '无法判定' },
};

/** One mark per outcome, the same in every host: ✔ held, ✘ did not, ? this run cannot tell. */
export const OUTCOME_MARKS: Readonly<Record<VerdictOutcome, string>> = { pass: '✔', fail: '✘', inconclusive: '?' };

/** A claim's outcome: a claim the run could not decide is neither held nor broken. */
export function claimOutcome(c: Pick<Claim, 'pass' | 'undecided'>): VerdictOutcome {
  return c.pass ? 'pass' : c.undecided ? 'inconclusive' : 'fail';
}

/** "pass · 通过", for hosts that print both languages side by side (CLI, reports). */
export const outcomeBilingual = (o: VerdictOutcome): string => `${OUTCOME_WORDS[o].en} · ${OUTCOME_WORDS[o].zh}`;
