import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';

const root = join(__dirname, '..', '..');

test('npm start falls back to browser mode with one sentence and a tokened loopback URL within 10 s', async () => {
  // As on a machine without a display or without the Electron runtime (like CI here).
  const env: NodeJS.ProcessEnv = { ...process.env, PROCLAB_NO_OPEN: '1', PROCLAB_DATA_DIR: join(root, 'test-results', 'start-data') };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const t0 = Date.now();
  await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{16,}/.test(out), { timeout: 10_000, intervals: [100] }).toBe(true);
  expect(Date.now() - t0).toBeLessThan(10_000);
  const lines = out.trim().split('\n');
  const sentence = lines.filter((l) => l.startsWith('Desktop window unavailable'));
  expect(sentence).toHaveLength(1);
  expect(out).not.toMatch(/^\s+at /m); // never a stack trace
  const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)![1]!;
  expect((await fetch(url)).status).toBe(200);
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
