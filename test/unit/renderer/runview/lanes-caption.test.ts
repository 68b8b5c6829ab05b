import { describe, expect, it } from 'vitest';
import { translate } from '../../../../src/renderer/src/i18n/translate';
import type { MsgKey } from '../../../../src/renderer/src/i18n/messages';
import { lanesCpuCaption } from '../../../../src/renderer/src/runview/lanes-caption';

const tIn =
  (lang: 'en' | 'zh') =>
  (key: MsgKey, vars?: Record<string, string | number>): string =>
    translate(lang, key, vars);

describe('the lanes caption speaks of what caps the run’s own runtime', () => {
  it('a Node run: its event loop and worker_threads, never the GIL (both languages)', () => {
    const en = lanesCpuCaption(tIn('en'), 4, 'node');
    const zh = lanesCpuCaption(tIn('zh'), 4, 'node');
    for (const c of [en, zh]) {
      expect(c).not.toMatch(/GIL|Python/i);
      expect(c).toContain('worker_threads');
    }
    expect(en).toMatch(/event loop/);
    expect(zh).toMatch(/事件循环/);
  });

  it('a Python run: the GIL', () => {
    expect(lanesCpuCaption(tIn('en'), 4, 'python')).toMatch(/GIL/);
    expect(lanesCpuCaption(tIn('zh'), 4, 'python')).toMatch(/GIL/);
  });

  it('a command of another runtime: neither', () => {
    const c = lanesCpuCaption(tIn('en'), 2, undefined);
    expect(c).not.toMatch(/GIL|event loop/);
    expect(c).toContain('2 cores');
  });
});
