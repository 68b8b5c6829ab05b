import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStore, parseJournal } from '../../../../src/main/core/runs/run-store';
import { commandSchemas } from '../../../../src/shared/commands';
import { HARD_LIMITS, legacyOutcome, resolveLimits, selfOutcome, statusOf } from '../../../../src/shared/outcome';

// Journals written by the code before outcomes were typed (test/fixtures/journals-v1, made by
// running that code): each must still read with the right status, and now with a typed outcome.
const V1 = path.resolve(process.cwd(), 'test/fixtures/journals-v1');
const read = (name: string) => parseJournal(fs.readFileSync(path.join(V1, `${name}.ndjson`), 'utf8'))!.info;

describe('journals written before typed outcomes', () => {
  it.each([
    ['finished', 'finished', { cause: 'exit' }],
    ['failed-exit3', 'failed', { cause: 'exit' }],
    ['user-stop', 'stopped', { cause: 'user-stop' }],
    // It read "failed" then: the user's SIGTERM to the root is a stop.
    ['user-terminate-root', 'stopped', { cause: 'user-stop' }],
    ['limit-procs', 'limit', { cause: 'limit:procs', limit: 256 }],
    ['limit-rss', 'limit', { cause: 'limit:memory', limit: 2 * 1024 ** 3 }],
    ['limit-duration', 'limit', { cause: 'timeout', limit: 600_000 }],
  ])('%s reads as %s with its cause', (name, status, outcome) => {
    const info = read(name);
    expect(info.status).toBe(status);
    expect(info.outcome).toEqual(outcome);
  });

  let dir: string | null = null;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('a run cut off mid-run (no end record, its writer gone) is listed as interrupted', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-v1-'));
    const text = fs.readFileSync(path.join(V1, 'interrupted-no-end.ndjson'), 'utf8');
    const id = JSON.parse(text.split('\n')[0]!).info.id as string;
    fs.writeFileSync(path.join(dir, `${id}.ndjson`), text);
    for (const n of ['user-stop', 'limit-rss']) fs.copyFileSync(path.join(V1, `${n}.ndjson`), path.join(dir, `${n}-copy.ndjson`));
    const store = new RunStore(dir);
    await store.open();
    const info = store.info(id);
    expect(info.status).toBe('interrupted');
    expect(info.outcome).toEqual({ cause: 'interrupted' });
    expect((await store.get(id)).info.outcome).toEqual({ cause: 'interrupted' });
  });
});

describe('typed outcomes', () => {
  const exit = (code: number | null, signal: string | null, by: 'self' | 'user' | 'unknown' = 'self') => ({ code, signal, by, at: 1 });
  it('status comes from the cause, never from words', () => {
    expect(statusOf({ cause: 'user-stop' }, exit(null, 'SIGTERM'))).toBe('stopped');
    expect(statusOf({ cause: 'limit:memory', limit: 1 }, exit(null, 'SIGTERM'))).toBe('limit');
    expect(statusOf({ cause: 'timeout' }, exit(null, 'SIGTERM'))).toBe('limit');
    expect(statusOf({ cause: 'interrupted' }, null)).toBe('interrupted');
    expect(statusOf({ cause: 'exit' }, exit(0, null))).toBe('finished');
    expect(statusOf({ cause: 'exit' }, exit(2, null))).toBe('failed');
    expect(statusOf({ cause: 'signal' }, exit(null, 'SIGSEGV'))).toBe('failed');
  });
  it('a run that ended by itself: exit, a signal, or the user’s signal', () => {
    expect(selfOutcome(exit(0, null))).toEqual({ cause: 'exit' });
    expect(selfOutcome(exit(null, 'SIGSEGV', 'unknown'))).toEqual({ cause: 'signal' });
    expect(selfOutcome(exit(null, 'SIGTERM', 'user'))).toEqual({ cause: 'user-stop' });
  });
  it('an English reason is read only for legacy records', () => {
    expect(legacyOutcome({ status: 'limit', reason: 'limit: ran longer than 1.5 s (maxDurationMs)', exit: null })).toEqual({
      cause: 'timeout',
      limit: 1500,
    });
    expect(legacyOutcome({ status: 'running', reason: null, exit: null })).toBeNull();
  });
});

describe('run limits at the boundary', () => {
  it('accepts limits within the hard maxima and refuses more, naming the field', () => {
    const ok = commandSchemas['run.command'].safeParse({
      argv: ['true'],
      limits: { maxProcs: 10, maxMemBytes: 2 ** 30, maxDurationMs: 5000 },
    });
    expect(ok.success).toBe(true);
    const bad = commandSchemas['run.start'].safeParse({
      scenarioId: 'x',
      runtime: 'python',
      limits: { maxMemBytes: HARD_LIMITS.maxMemBytes + 1 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['limits', 'maxMemBytes']);
    expect(commandSchemas['run.command'].safeParse({ argv: ['true'], limits: { maxProcs: 0 } }).success).toBe(false);
    expect(commandSchemas['run.command'].safeParse({ argv: ['true'], limits: { nice: 1 } }).success).toBe(false);
  });
  it('fills defaults and clamps what a caller inside the core asks', () => {
    expect(resolveLimits({ maxProcs: 10 ** 9 }).maxProcs).toBe(HARD_LIMITS.maxProcs);
    expect(resolveLimits({}).maxMemBytes).toBe(2 * 1024 ** 3);
  });
});
