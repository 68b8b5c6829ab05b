import { describe, expect, it } from 'vitest';
import { CONCEPTS } from '../../../../src/shared/concepts';
import { en, zh, type MsgKey } from '../../../../src/renderer/src/i18n/messages';
import { format, initialLang, pick, pickMeasured, placeholders, translate } from '../../../../src/renderer/src/i18n/translate';
import { BADGE_KINDS } from '../../../../src/renderer/src/badges/badges';
import { ACTIONS } from '../../../../src/renderer/src/control/actions';
import { PROC_COLUMNS } from '../../../../src/renderer/src/proctable/columns';
import { SHORTCUT_HELP } from '../../../../src/renderer/src/keyboard/shortcuts';
import { PROC_STATES } from '../../../../src/shared/model';

describe('i18n completeness', () => {
  const keys = Object.keys(en) as MsgKey[];

  it('every key exists in English and 简体中文, non-empty', () => {
    expect(Object.keys(zh).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      expect(en[k].trim(), `en ${k}`).not.toBe('');
      expect(zh[k].trim(), `zh ${k}`).not.toBe('');
    }
  });

  it('both languages use the same placeholders', () => {
    for (const k of keys) expect(placeholders(zh[k]), k).toEqual(placeholders(en[k]));
  });

  it('Chinese strings are actually translated (not English copies), except names and units', () => {
    const same = keys.filter((k) => en[k] === zh[k] && /[a-z]{4,}/i.test(en[k]));
    // Proper names and technical terms that stay as they are.
    expect(
      same.filter(
        (k) =>
          ![
            'app.title',
            'play.runtime.python',
            'play.runtime.node',
            'action.menuTitle',
            'confirm.ok',
            'notice.done',
            'param.other',
            'col.pid',
            'col.tid',
            'col.virt',
            'play.kind.io',
          ].includes(k),
      ),
    ).toEqual([]);
  });

  it('every key the code builds at run time exists', () => {
    const dynamic: string[] = [
      ...PROC_STATES.map((s) => `state.${s}`),
      ...BADGE_KINDS.map((b) => `state.${b}`),
      ...BADGE_KINDS.map((b) => `legend.${b}`),
      ...ACTIONS.flatMap((a) => [a.label, a.does]),
      ...PROC_COLUMNS.map((c) => c.label),
      ...SHORTCUT_HELP.map((s) => s.label),
      ...['running', 'finished', 'failed', 'stopped', 'limit', 'interrupted'].map((s) => `run.status.${s}`),
      ...['spawned', 'state-changed', 'orphaned', 'daemon', 'exited', 'signal-sent', 'mark'].map((k) => `timeline.${k}`),
      ...['compute', 'io', 'sync', 'lifecycle', 'server'].map((k) => `play.kind.${k}`),
      ...['monitor', 'playground', 'runs'].map((k) => `tab.${k}`),
      'monitor.scope.runs',
      'monitor.scope.system',
    ];
    for (const k of dynamic) expect(k in en, k).toBe(true);
  });

  it('names all 23 seed concepts in both languages', () => {
    for (let i = 1; i <= 23; i++) {
      expect(CONCEPTS[i]?.en, `concept ${i}`).toBeTruthy();
      expect(CONCEPTS[i]?.zh, `concept ${i}`).toBeTruthy();
    }
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translate('en', 'outcome.killed', { signal: 'SIGKILL' })).toBe('killed by SIGKILL');
    expect(translate('zh', 'outcome.killed', { signal: 'SIGKILL' })).toBe('被 SIGKILL 杀死');
    expect(translate('en', 'tab.monitor')).not.toBe(translate('zh', 'tab.monitor'));
  });
  it('picks a side of bilingual text, falling back to English', () => {
    expect(pick('zh', { en: 'Zombie', zh: '僵尸' })).toBe('僵尸');
    expect(pick('zh', { en: 'Zombie', zh: '' })).toBe('Zombie');
    expect(pick('en', null)).toBe('');
  });
  it("shows a claim's measured figures in the UI language, or the English of an older journal", () => {
    const c = { measured: '1.04 cores on average', measuredText: { en: '1.04 cores on average', zh: '平均使用 1.04 个核' } };
    expect(pickMeasured('zh', c)).toBe('平均使用 1.04 个核');
    expect(pickMeasured('en', c)).toBe('1.04 cores on average');
    expect(pickMeasured('zh', { measured: '1.04 cores on average' })).toBe('1.04 cores on average');
  });
  it('starts in the remembered language, else the browser language', () => {
    expect(initialLang('zh', 'en-US')).toBe('zh');
    expect(initialLang(null, 'zh-CN')).toBe('zh');
    expect(initialLang('garbage', 'fr')).toBe('en');
  });
});
