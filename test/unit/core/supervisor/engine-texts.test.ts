import { describe, expect, it } from 'vitest';
import { ACTION_TEXT, BY_TEXT, ENGINE_TEXTS, asText, placeholders, say, type EngineTextCode } from '../../../../src/shared/engine-texts';
import { checkIdentity, checkSignalPolicy } from '../../../../src/main/core/supervisor/policy';
import { descendantExit, rootExit } from '../../../../src/main/core/supervisor/exit-info';

const codes = Object.keys(ENGINE_TEXTS) as EngineTextCode[];
const CJK = /[\u4e00-\u9fff]/;

describe('engine texts', () => {
  it('every text has both languages with the same placeholders', () => {
    for (const c of codes) {
      const t = ENGINE_TEXTS[c];
      expect(t.en.trim(), c).not.toBe('');
      expect(placeholders(t.zh), c).toEqual(placeholders(t.en));
    }
  });

  it('the Chinese side is Chinese, except pure notation', () => {
    const untranslated = codes.filter((c) => !CJK.test(ENGINE_TEXTS[c].zh) && c !== 'ev.state');
    expect(untranslated).toEqual([]);
    for (const t of [...Object.values(BY_TEXT), ...Object.values(ACTION_TEXT)]) {
      if (t.en !== 'ProcLab') expect(t.zh).toMatch(CJK);
    }
  });

  it('fills both languages, taking nested bilingual arguments in each language', () => {
    const why = say('why.action', { action: ACTION_TEXT.stop });
    const t = say('ev.signal', { signal: 'SIGSTOP', by: BY_TEXT.user, why });
    expect(t.en).toBe('SIGSTOP sent by the user: stop requested');
    expect(t.zh).toBe('用户发送了 SIGSTOP：请求暂停');
    // A placeholder without a value stays visible instead of vanishing.
    expect(say('ev.killed').en).toBe('killed by {signal}');
    expect(asText('done')).toEqual({ en: 'done', zh: 'done' });
  });

  it('refusals carry the same words in English (message) and in both languages (text)', () => {
    const d = checkSignalPolicy({ pid: 1, selfPid: 10, ancestors: new Set(), owned: false, confirm: true });
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.message).toBe("PID 1 is the system's init process; ProcLab never signals it.");
    expect(d.text.en).toBe(d.message);
    expect(d.text.zh).toContain('init');
    expect(d.text.zh).toMatch(CJK);
    const reused = checkIdentity(42, 100, 200);
    expect(reused && !reused.ok && reused.text.zh).toContain('PID 42 已被复用');
  });

  it('exit details read the same in the timeline text and the plain detail', () => {
    const r = rootExit(null, 'SIGKILL', { signal: 'SIGKILL', by: 'user' }, 5);
    expect(r.detail).toEqual({ en: 'killed by SIGKILL', zh: '被 SIGKILL 杀死' });
    const d = descendantExit(null, { signal: 'SIGTERM', by: 'engine' }, 5);
    expect(d.detail.en).toBe("ended after SIGTERM from ProcLab (exit status not observable: not ProcLab's child)");
    expect(d.detail.zh).toMatch(/^ProcLab ?发送 SIGTERM 后结束/);
  });
});
