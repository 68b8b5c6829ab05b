import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RunInfo, Verdict } from '../../../../src/shared/model';
import { I18nProvider } from '../../../../src/renderer/src/i18n/I18nProvider';
import { VerdictView } from '../../../../src/renderer/src/runview/RunParts';
import { VerdictChip } from '../../../../src/renderer/src/runview/VerdictChip';

// Node 20 has no navigator: the provider reads the browser's language from it.
const g = globalThis as { navigator?: { language: string } };
if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-US' }, configurable: true });

const inconclusive: Verdict = {
  pass: false,
  outcome: 'inconclusive',
  inconclusive: { cause: 'machine', text: { en: 'only 0.60 cores were free', zh: '只有 0.60 个核空闲' } },
  claims: [
    { text: { en: 'Finished', zh: '结束' }, pass: true, measured: 'exit 0' },
    { text: { en: 'Both cores', zh: '两个核' }, pass: false, undecided: { en: 'x', zh: '某' }, measured: '1.17 cores' },
  ],
  figures: {},
};
const run = (verdict: Verdict) => ({ status: 'finished', verdict }) as unknown as RunInfo;
const html = <P extends object>(el: FunctionComponent<P>, props: P) =>
  renderToStaticMarkup(createElement(I18nProvider, null, createElement(el, props)));

describe('the renderer shows a third outcome', () => {
  it('an inconclusive verdict has its own class, mark, words and reason; its undecided claim its own mark', () => {
    const out = html(VerdictView, { run: run(inconclusive) });
    expect(out).toContain('class="verdict verdict-inconclusive"');
    expect(out).toContain('data-outcome="inconclusive"');
    expect(out).toContain('Inconclusive: this run cannot tell');
    expect(out).toContain('only 0.60 cores were free');
    expect(out).toContain('class="claim-inconclusive"');
    expect(out).toMatch(/class="claim-pass".*✔/);
  });
  it('a verdict journalled before outcomes reads by its pass flag, in chips too', () => {
    expect(html(VerdictView, { run: run({ pass: false, claims: [], figures: {} }) })).toContain('verdict-fail');
    expect(html(VerdictChip, { verdict: inconclusive })).toContain('class="verdict-chip inconclusive"');
    expect(html(VerdictChip, { verdict: { pass: true, claims: [], figures: {} } })).toContain('✔ pass');
  });
});
