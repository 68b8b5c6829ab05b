import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { manifestSchema, type ResultSpec } from '../../../../src/shared/scenario';
import { I18nProvider } from '../../../../src/renderer/src/i18n/I18nProvider';
import { resultFigures } from '../../../../src/renderer/src/runview/result-labels';
import { ResultTable } from '../../../../src/renderer/src/runview/RunParts';

// Node 20 has no navigator: the provider reads the browser's language from it.
const g = globalThis as { navigator?: { language: string } };
if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-US' }, configurable: true });

const SCENARIOS = join(__dirname, '..', '..', '..', '..', 'scenarios');
const manifest = (id: string) => manifestSchema.parse(JSON.parse(readFileSync(join(SCENARIOS, id, 'manifest.json'), 'utf8')));

describe('a scenario names its result figures in both languages', () => {
  const specs: ResultSpec[] = [
    { name: 'same_pid', label: { en: 'All threads in one process (1 = yes)', zh: '所有线程同属一个进程（1 = 是）' } },
    { name: 'pid', label: { en: 'Process ID every thread reported', zh: '各线程报告的进程号' } },
  ];
  const result = { pid: 4242, same_pid: 1, extra: 'x' };

  it('looks each key up in the UI language, in the program’s order; an undeclared key keeps no label', () => {
    expect(resultFigures(result, specs, 'zh')).toEqual([
      { key: 'pid', value: 4242, label: '各线程报告的进程号' },
      { key: 'same_pid', value: 1, label: '所有线程同属一个进程（1 = 是）' },
      { key: 'extra', value: 'x', label: null },
    ]);
    expect(resultFigures(result, specs, 'en')[1]!.label).toBe('All threads in one process (1 = yes)');
    // A scratchpad program has no manifest: every figure is its own key.
    expect(resultFigures(result, null, 'zh').map((f) => f.label)).toEqual([null, null, null]);
  });

  it('the Results card shows the label (the key as its tooltip), and a raw key only with the tooltip that says it is the program’s own', () => {
    const out = renderToStaticMarkup(createElement(I18nProvider, null, createElement(ResultTable, { result, labels: specs })));
    expect(out).toContain('<th title="same_pid" data-labelled="true">All threads in one process (1 = yes)</th>');
    expect(out).not.toMatch(/>same_pid</);
    expect(out).toMatch(/<th class="mono" title="Your program’s own name for this figure[^"]*" data-labelled="false">extra<\/th>/);
    const own = renderToStaticMarkup(createElement(I18nProvider, null, createElement(ResultTable, { result })));
    expect(own.match(/data-labelled="false"/g)).toHaveLength(3);
  });

  it('the manifest schema wants both languages and one label per figure', () => {
    const base = JSON.parse(readFileSync(join(SCENARIOS, 'threads-basics', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const bad = (results: unknown) => manifestSchema.safeParse({ ...base, results }).success;
    expect(bad([{ name: 'pid', label: { en: 'PID' } }])).toBe(false);
    expect(bad([{ name: 'Bad Key', label: { en: 'x', zh: '某' } }])).toBe(false);
    expect(
      bad([
        { name: 'pid', label: { en: 'PID', zh: '进程号' } },
        { name: 'pid', label: { en: 'PID again', zh: '又一个' } },
      ]),
    ).toBe(false);
    expect(bad([{ name: 'pid', label: { en: 'PID', zh: '进程号' } }])).toBe(true);
  });

  it('threads-basics labels every figure its Python and Node programs report', () => {
    const labels = new Set((manifest('threads-basics').results ?? []).map((r) => r.name));
    for (const entry of ['main.py', 'main.js']) {
      const src = readFileSync(join(SCENARIOS, 'threads-basics', entry), 'utf8');
      const call = /(?:\bresult\(|emit\('result', \{)([\s\S]*?)\);?\n/.exec(src)![1]!;
      const keys = [...call.matchAll(/(?:^|[\s,(])([a-z_][a-z0-9_]*)(?:=(?!=)|:)/g)].map((m) => m[1]!);
      expect(keys.length, entry).toBeGreaterThan(5);
      for (const k of keys) expect(labels.has(k), `${entry}: ${k}`).toBe(true);
    }
  });

  it('every scenario labels its result figures, and its manifest still validates', () => {
    const ids = readdirSync(SCENARIOS).filter((d) => existsSync(join(SCENARIOS, d, 'manifest.json')));
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(manifest(id).results?.length ?? 0, id).toBeGreaterThan(0);
  });
});
