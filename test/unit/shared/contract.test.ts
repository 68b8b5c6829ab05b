import { describe, expect, it } from 'vitest';
import { shellJoin } from '../../../src/shared/argv';
import { parseCommand } from '../../../src/shared/protocol';
import { ApiError, describeError } from '../../../src/shared/api';
import { manifestSchema, validateParams } from '../../../src/shared/scenario';

describe('parseCommand (the host boundary)', () => {
  it('accepts a well-formed command and applies schema defaults', () => {
    const r = parseCommand({ id: 7, cmd: 'run.start', payload: { scenarioId: 'some-scenario', runtime: 'python' } });
    expect(r).toEqual({
      ok: true,
      id: 7,
      cmd: { name: 'run.start', payload: { scenarioId: 'some-scenario', runtime: 'python', params: {} } },
    });
  });
  it('names the unknown command', () => {
    expect(parseCommand({ id: 1, cmd: 'rm.rf', payload: {} })).toMatchObject({
      ok: false,
      id: 1,
      error: { code: 'unknown-command', message: 'unknown command "rm.rf"' },
    });
  });
  it('names the bad field and keeps the request id', () => {
    const r = parseCommand({ id: 2, cmd: 'process.signal', payload: { pid: 12, action: 'explode' } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.id).toBe(2);
      expect(r.error.code).toBe('invalid-payload');
      expect(r.error.issues?.map((i) => i.path)).toEqual(['action']);
    }
  });
  it('refuses extra fields, wrong envelope shapes and prototype tricks', () => {
    expect(parseCommand({ id: 3, cmd: 'app.info', payload: { evil: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(parseCommand('hello')).toMatchObject({ ok: false, id: null, error: { code: 'bad-envelope' } });
    expect(parseCommand({ id: -1, cmd: 'app.info' })).toMatchObject({ ok: false, error: { code: 'bad-envelope' } });
    expect(parseCommand({ id: 4, cmd: '__proto__', payload: {} })).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(parseCommand({ id: 5, cmd: 'toString', payload: {} })).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
  });
  it('bounds the refresh interval', () => {
    expect(parseCommand({ id: 6, cmd: 'monitor.configure', payload: { intervalMs: 10 } }).ok).toBe(false);
    expect(parseCommand({ id: 6, cmd: 'monitor.configure', payload: { intervalMs: 250 } }).ok).toBe(true);
  });
});

describe('validateParams (form and launch share it)', () => {
  const m = {
    params: [
      { name: 'workers', type: 'int' as const, default: 2, min: 1, max: 64, label: { en: 'Workers', zh: '工作者' } },
      { name: 'model', type: 'enum' as const, default: 'threads', values: ['threads', 'processes'], label: { en: 'Model', zh: '模型' } },
      { name: 'verbose', type: 'bool' as const, default: false, label: { en: 'Verbose', zh: '详细' } },
    ],
  };
  it('fills defaults and coerces form strings', () => {
    expect(validateParams(m, 'python', { workers: '4', verbose: 'true' })).toEqual({
      ok: true,
      values: { workers: 4, model: 'threads', verbose: true },
    });
  });
  it('reports every bad parameter by name', () => {
    const r = validateParams(m, 'python', { workers: 65, model: 'fibers', extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.param).sort()).toEqual(['extra', 'model', 'workers']);
    const frac = validateParams(m, 'python', { workers: 1.5 });
    expect(frac.ok).toBe(false);
  });
  it('reads numbers as plain decimals only', () => {
    for (const bad of ['0x2', '0b1', 'Infinity', '2abc', '1_0']) expect(validateParams(m, 'python', { workers: bad }).ok, bad).toBe(false);
    for (const good of ['2', ' 3 ', '+4', '4.0', '1e1']) expect(validateParams(m, 'python', { workers: good }).ok, good).toBe(true);
  });
});

describe('manifestSchema', () => {
  it('refuses a default outside its bounds, naming the field', () => {
    const r = manifestSchema.safeParse({
      id: 'x',
      title: { en: 'x', zh: 'x' },
      explanation: { en: 'x', zh: 'x' },
      concepts: [1],
      kind: 'compute',
      runtimes: { python: { entry: 'main.py' } },
      params: [{ name: 'n', type: 'int', default: 9, min: 1, max: 4, label: { en: 'n', zh: 'n' } }],
      lesson: { claim: { en: 'c', zh: 'c' } },
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['params', 0, 'default']);
  });
  const withSignals = (extra: Record<string, unknown>) =>
    manifestSchema.safeParse({
      id: 'x',
      title: { en: 'x', zh: 'x' },
      explanation: { en: 'x', zh: 'x' },
      concepts: [21],
      kind: 'lifecycle',
      runtimes: { python: { entry: 'main.py' } },
      params: [],
      lesson: { claim: { en: 'c', zh: 'c' } },
      ...extra,
    });
  it('takes signal buttons and self-test signal steps by standard name only', () => {
    const ok = withSignals({
      signalButtons: ['SIGHUP', 'SIGKILL'],
      selfTest: [{ params: {}, signals: [{ signal: 'SIGUSR1', afterMark: '^ready', delayMs: 100 }] }],
    });
    expect(ok.success).toBe(true);
    expect(withSignals({ signalButtons: ['HUP'] }).success).toBe(false);
    expect(withSignals({ selfTest: [{ params: {}, signals: [{ signal: 'SIGFOO', afterMark: 'x' }] }] }).success).toBe(false);
    const badRe = withSignals({ selfTest: [{ params: {}, signals: [{ signal: 'SIGHUP', afterMark: '(' }] }] });
    expect(badRe.success).toBe(false);
    expect(badRe.error!.issues[0]!.path).toEqual(['selfTest', 0, 'signals', 0, 'afterMark']);
  });
});

describe('describeError', () => {
  it('reads the code on both sides of the Electron bridge', () => {
    const e = new ApiError({ code: 'confirm-required', message: 'pid 42 is not part of a run' });
    expect(describeError(e)).toMatchObject({ code: 'confirm-required', message: 'pid 42 is not part of a run' });
    // contextBridge hands the renderer a plain Error with only the message, prefixed.
    const bridged = new Error(`Error invoking remote method 'proclab:invoke': Error: ${e.message}`);
    expect(describeError(bridged)).toMatchObject({ code: 'confirm-required', message: 'pid 42 is not part of a run' });
  });
  it('keeps issues and bilingual text across the bridge, and reads foreign errors as plain text', () => {
    const body = {
      code: 'invalid-payload' as const,
      message: 'bad workers',
      issues: [{ path: 'params.workers', message: 'at most 64' }],
      text: { en: 'bad workers', zh: '工作者数量不对' },
    };
    expect(describeError(new Error(new ApiError(body).message))).toEqual(body);
    // A marker followed by something that is not a valid body is not trusted.
    const forged = describeError(new Error('oops [refused]\nproclab-error-body:{"code":"nope","message":1}'));
    expect(forged).toMatchObject({ code: null });
    expect(describeError(new Error('plain'))).toEqual({ code: null, message: 'plain', issues: undefined, text: undefined });
    // The readable part may itself contain the marker (a path, a run name): the real body is still found.
    const tricky = { code: 'not-found' as const, message: 'no run "proclab-error-body:{}"' };
    expect(describeError(new Error(new ApiError(tricky).message))).toEqual({ ...tricky, issues: undefined, text: undefined });
  });
});

describe('shellJoin', () => {
  it('quotes what a shell would split or interpret, and nothing else', () => {
    expect(shellJoin(['sh', '-c', 'exit 3'])).toBe("sh -c 'exit 3'");
    expect(shellJoin(['python3', 'scenarios/some-scenario/main.py', '--workers', '2'])).toBe(
      'python3 scenarios/some-scenario/main.py --workers 2',
    );
    expect(shellJoin(['echo', "it's", '', '$HOME'])).toBe(`echo 'it'\\''s' '' '$HOME'`);
  });
});
