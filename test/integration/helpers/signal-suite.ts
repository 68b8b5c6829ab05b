/** What the suites that signal real processes share: an engine per test, and a refusal's error. */
import { afterEach, expect } from 'vitest';
import type { EngineOptions } from '../../../src/main/core/engine/engine';
import { ProclabError } from '../../../src/shared/errors';
import { harness, type Harness } from '../engine-helpers';

/** Call at a file's top level: the function it returns starts an engine harness that is disposed after the test. */
export function harnessPerTest(): (opts?: Partial<EngineOptions>) => Promise<Harness> {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.dispose();
    h = null;
  });
  return async (opts) => (h = await harness(opts));
}

/** The ProclabError a refused request rejects with (the test fails if it resolved or threw anything else). */
export async function refusal(p: Promise<unknown>): Promise<ProclabError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProclabError);
  return e as ProclabError;
}
