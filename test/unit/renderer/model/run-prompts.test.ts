import { describe, expect, it } from 'vitest';
import { manifestSchema, parsePromptAction } from '../../../../src/shared/scenario';
import { duePrompts } from '../../../../src/renderer/src/model/prompts';
import type { TimelineItem } from '../../../../src/renderer/src/model/timeline';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const t = (en: string) => ({ en, zh: `${en}（中文）` });
const base = {
  id: 'x',
  title: t('X'),
  explanation: t('X'),
  concepts: [3],
  kind: 'lifecycle',
  runtimes: { python: { entry: 'main.py' } },
  params: [],
  lesson: { claim: t('c') },
};
const stop = { id: 'stop-now', onMark: '^cycle 1: running$', text: t('Press Stop now'), action: 'stop' };
const cont = { id: 'continue-now', afterPrompt: 'stop-now', text: t('Press Continue'), action: 'continue' };

function issues(prompts: unknown[]): string[] {
  const r = manifestSchema.safeParse({ ...base, prompts });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('manifest prompts', () => {
  it('takes a stop prompt and a continue prompt that follows it', () => {
    expect(issues([stop, cont])).toEqual([]);
    expect(issues([{ ...stop, action: 'signal:CONT' }])).toEqual([]);
    expect(parsePromptAction('signal:CONT')).toEqual({ kind: 'signal', signal: 'SIGCONT' });
  });

  it('refuses a bad prompt, naming the field', () => {
    expect(issues([{ ...stop, action: 'explode' }])).toEqual([expect.stringMatching(/^prompts\.0\.action: not an action/)]);
    expect(issues([{ ...stop, action: 'signal:SIGNOPE' }])).toEqual([expect.stringMatching(/^prompts\.0\.action:/)]);
    expect(issues([{ ...stop, onMark: '(' }])).toEqual(['prompts.0.onMark: not a regular expression']);
    expect(issues([{ ...stop, text: { en: 'only English' } }])).toEqual([expect.stringMatching(/^prompts\.0\.text\.zh:/)]);
    expect(issues([cont])).toEqual(['prompts.0.afterPrompt: "stop-now" is not a prompt declared before this one']);
    expect(issues([{ ...stop, afterPrompt: 'x' }])[0]).toBe('prompts.0.onMark: give exactly one of onMark and afterPrompt');
    expect(issues([stop, stop])).toEqual(['prompts.1.id: prompt "stop-now" declared twice']);
    expect(issues([{ ...stop, extra: 1 }])[0]).toMatch(/^prompts\.0: /);
  });

  it('process-states declares its "press Stop now" prompt', () => {
    const m = manifestSchema.parse(
      JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'scenarios', 'process-states', 'manifest.json'), 'utf8')),
    );
    expect(m.prompts?.map((p) => [p.id, p.action])).toEqual([
      ['stop-now', 'stop'],
      ['continue-now', 'continue'],
    ]);
  });
});

const ROOT = 42;
const mark = (ts: number, detail: string): TimelineItem => ({ kind: 'mark', ts, pid: ROOT, name: '', detail });
const sent = (ts: number, signal: string, pid = ROOT): TimelineItem => ({
  kind: 'signal-sent',
  ts,
  pid,
  name: 'python3',
  detail: `${signal} sent by the user: asked`,
});
const ids = (tl: TimelineItem[], specs = [manifestSchema.parse({ ...base, prompts: [stop, cont] }).prompts!].flat()) =>
  duePrompts(specs, tl, ROOT).map((d) => d.spec.id);

describe('which prompt is due', () => {
  it('none before its mark; the stop prompt at it; the continue prompt once stopped; none once continued', () => {
    expect(ids([mark(1, 'pid 42: 4 cycles')])).toEqual([]);
    expect(ids([mark(1, 'cycle 1: running')])).toEqual(['stop-now']);
    expect(ids([mark(1, 'cycle 1: running'), sent(2, 'SIGSTOP')])).toEqual(['continue-now']);
    expect(ids([mark(1, 'cycle 1: running'), sent(2, 'SIGSTOP'), sent(3, 'SIGCONT')])).toEqual([]);
  });

  it('a signal to another process, or sent before the moment, does not follow it', () => {
    expect(ids([mark(1, 'cycle 1: running'), sent(2, 'SIGSTOP', 7)])).toEqual(['stop-now']);
    expect(ids([sent(0, 'SIGSTOP'), mark(1, 'cycle 1: running')])).toEqual(['stop-now']);
  });

  it('untilMark ends a moment the user let pass', () => {
    const specs = manifestSchema.parse({ ...base, prompts: [{ ...stop, untilMark: 'sleeping' }] }).prompts!;
    expect(ids([mark(1, 'cycle 1: running')], specs)).toEqual(['stop-now']);
    expect(ids([mark(1, 'cycle 1: running'), mark(2, 'cycle 1: sleeping')], specs)).toEqual([]);
  });
});
