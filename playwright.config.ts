import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// UI tests run in Chromium against browser mode on 127.0.0.1 (never file://). Which Chromium:
// scripts/find-chromium.mjs decides (PROCLAB_CHROMIUM, system, Playwright's, the npm one). The
// config is loaded again in every worker: the first load puts the answer into the environment.
function chromium(): { path: string; line: string } {
  if (process.env.PROCLAB_CHROMIUM && process.env.PROCLAB_CHROMIUM_SOURCE) return { path: process.env.PROCLAB_CHROMIUM, line: '' };
  const out = execFileSync(process.execPath, [join(__dirname, 'scripts', 'find-chromium.mjs'), '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const c = JSON.parse(out) as { path: string; source: string; line: string };
  process.env.PROCLAB_CHROMIUM = c.path;
  process.env.PROCLAB_CHROMIUM_SOURCE = c.source;
  return c;
}

const found = chromium();
if (found.line) console.log(found.line);
export const CHROMIUM = found.path;
export const CHROMIUM_ARGS = JSON.parse(readFileSync(join(__dirname, 'scripts', 'chromium-args.json'), 'utf8')) as string[];

export default defineConfig({
  testDir: 'test/e2e',
  // One worker: the tests measure real CPU use on a 2-core machine.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  },
});
