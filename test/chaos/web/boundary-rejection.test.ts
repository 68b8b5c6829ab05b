/**
 * No promise in a host may go unhandled (issue 20): `run.stop` for a run another host owns
 * replied not-found and, 30 s later, its forgotten wait ended the asking host. And whatever
 * promise is still forgotten somewhere, every host logs it and goes on.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../integration/engine-helpers';
import { connect, spawnWebHost, type HostProc } from '../../integration/helpers/web-host';
import { httpStatus, stopProc } from '../boundary-hosts';

const root = path.join(__dirname, '..', '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-chaos-rej-'));
const hosts: HostProc[] = [];
afterAll(async () => {
  await Promise.all(hosts.map((h) => stopProc(h.proc)));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('no promise goes unhandled', () => {
  it("run.stop for another host's run says so, and the asking host is still up 30 s later", async () => {
    const owner = await spawnWebHost(dataDir);
    hosts.push(owner);
    const a = await connect(owner.url);
    const run = (await a.call('run.command', { argv: ['sleep', '120'] })) as { id: string };
    const asker = await spawnWebHost(dataDir);
    hosts.push(asker);
    const b = await connect(asker.url);
    const err = (await b.call('run.stop', { runId: run.id }).then(
      () => null,
      (e: { body: { code: string; message: string } }) => e.body,
    ))!;
    expect(err.code).toBe('not-found');
    expect(err.message).toContain('another host');
    // The wait that was left behind timed out at 30 s: the host must be alive well after that.
    const since = Date.now();
    await waitFor(() => asker.proc.exitCode !== null || Date.now() - since > 33_000, 40_000, 'the 30 s wait to pass');
    expect(asker.proc.exitCode, asker.output()).toBeNull();
    expect(asker.output()).not.toMatch(/not handled|Unhandled|unavailable/);
    const port = Number(asker.url.port);
    expect(await httpStatus(port, `/?token=${asker.url.searchParams.get('token')}`, { host: `127.0.0.1:${port}` })).toBe(404);
    // The owner stops it as usual.
    expect(await a.call('run.stop', { runId: run.id })).toMatchObject({ id: run.id });
    a.close();
    b.close();
  }, 90_000);

  it('a promise rejected and never handled in a host is logged, and the host goes on', async () => {
    const script = [
      "const { keepHostAliveOnRejection } = require('./src/main/core/service/last-resort.ts');",
      'keepHostAliveOnRejection();',
      "Promise.reject(new Error('forgotten in a handler'));",
      "setTimeout(() => console.log('still alive'), 300);",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code, out).toBe(0);
    expect(out).toContain('still alive');
    expect(out).toMatch(/a promise was rejected and not handled \(the host goes on\): Error: forgotten in a handler/);
  }, 30_000);
});
