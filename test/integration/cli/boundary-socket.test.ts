/**
 * The command boundary over the real browser-mode socket: `run.start` whose params carry a
 * reserved key (`__proto__`, `constructor`, `prototype`) is refused with a reply naming the key,
 * and nothing starts; the CLI's `--param __proto__=…` is refused as a usage error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-helpers';
import { connect, spawnWebHost, type HostProc } from '../helpers/web-host';
import type { RunsPage } from '../../../src/shared/results';

describe('reserved keys at the boundary', () => {
  let host: HostProc;
  let client: Awaited<ReturnType<typeof connect>>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-boundary-'));
  beforeAll(async () => {
    host = await spawnWebHost(dataDir);
    client = await connect(host.url);
  });
  afterAll(async () => {
    client?.close();
    if (host.proc.exitCode === null) {
      const gone = new Promise((r) => host.proc.once('exit', r));
      host.proc.kill('SIGTERM');
      await gone;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('run.start with a reserved params key is refused over the socket, naming it, and starts nothing', async () => {
    const before = ((await client.call('runs.list')) as RunsPage).runs;
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      // From JSON text, as a browser sends it: "__proto__" is an own key that survives stringify.
      const payload = JSON.parse(`{"scenarioId":"cpu-bound","runtime":"python","params":{"${key}":{"workers":64},"workers":1}}`);
      const e = (await client.call('run.start', payload).then(
        () => null,
        (err: { body: unknown }) => err.body,
      )) as { code: string; message: string; issues: Array<{ path: string }> } | null;
      expect(e).not.toBeNull();
      expect(e!.code).toBe('invalid-payload');
      expect(e!.issues).toEqual([expect.objectContaining({ path: `params.${key}` })]);
      expect(e!.message).toContain(`"${key}" is a reserved name`);
    }
    // The same scenario with ordinary params is accepted: the refusal was the key, nothing else.
    const ok = (await client
      .call('run.start', { scenarioId: 'cpu-bound', runtime: 'python', params: { workers: 1 } })
      .catch((err: { body: unknown }) => err.body)) as { id?: string; code?: string };
    expect(ok.code).toBeUndefined();
    await client.call('run.stop', { runId: ok.id });
    const after = ((await client.call('runs.list')) as RunsPage).runs;
    expect(after.length).toBe(before.length + 1);
  });

  it('the CLI refuses --param __proto__=… as a usage error, before anything runs', async () => {
    const r = await cli(['run', 'cpu-bound', '--param', '__proto__=3'], dataDir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad --param name "__proto__"');
  });
});
