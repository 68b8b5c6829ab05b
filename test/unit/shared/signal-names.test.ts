import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../../../src/shared/commands';
import { parseSignalName, SIGNALS, SIGNAL_NAMES, signalInfo } from '../../../src/shared/signals';

describe('signal table', () => {
  it('has every standard signal once, each described in both languages', () => {
    expect(new Set(SIGNAL_NAMES).size).toBe(SIGNAL_NAMES.length);
    for (const n of ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGTERM', 'SIGKILL', 'SIGSTOP', 'SIGCONT'] as const)
      expect(SIGNAL_NAMES).toContain(n);
    for (const s of SIGNALS) {
      expect(s.does.en.length, s.name).toBeGreaterThan(5);
      expect(s.does.zh, s.name).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('says only KILL and STOP cannot be caught', () => {
    expect(SIGNALS.filter((s) => !s.catchable).map((s) => s.name)).toEqual(['SIGKILL', 'SIGSTOP']);
    expect(signalInfo('SIGCONT').dflt).toBe('continue');
  });
  it('reads names with or without SIG, in any case, and nothing else', () => {
    expect(['hup', 'SIGUSR1', ' Term '].map(parseSignalName)).toEqual(['SIGHUP', 'SIGUSR1', 'SIGTERM']);
    for (const bad of ['', '9', 'SIG', 'HUPP', 'SIGRTMIN']) expect(parseSignalName(bad), bad).toBeNull();
  });
});

describe('process.signal payload', () => {
  const schema = commandSchemas['process.signal'];
  it("takes a signal name with action 'signal'", () =>
    expect(schema.parse({ pid: 5, action: 'signal', signal: 'SIGHUP' })).toEqual({ pid: 5, action: 'signal', signal: 'SIGHUP' }));
  it("refuses 'signal' without a name, a name with another action, and unknown names", () => {
    expect(schema.safeParse({ pid: 5, action: 'signal' }).success).toBe(false);
    expect(schema.safeParse({ pid: 5, action: 'terminate', signal: 'SIGHUP' }).success).toBe(false);
    expect(schema.safeParse({ pid: 5, action: 'signal', signal: 'SIGFOO' }).success).toBe(false);
    expect(schema.safeParse({ pid: 5, action: 'signal', signal: 1 }).success).toBe(false);
  });
});
