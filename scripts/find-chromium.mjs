#!/usr/bin/env node
// The one place that decides which Chromium the tests and benches drive, so `npm test` passes
// on a bare machine: PROCLAB_CHROMIUM, then a system Chromium, then Playwright's own download,
// then the headless Chromium that ships inside the @sparticuz/chromium devDependency.
//   node scripts/find-chromium.mjs          prints the choice ("chromium: PATH (SOURCE)")
//   node scripts/find-chromium.mjs --json   prints {"path","source","cjkFont","line"} for sync callers
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** What every launch passes (with headless on); the npm Chromium needs no more than these. */
export const CHROMIUM_ARGS = JSON.parse(readFileSync(join(root, 'scripts', 'chromium-args.json'), 'utf8'));

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function playwrightOwn() {
  try {
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/**
 * Extracts @sparticuz/chromium once into a folder of its own. The package always extracts into
 * os.tmpdir() and trusts any file already there, so two concurrent first uses (or a half-written
 * file after a crash) would hand out a truncated binary: extract under a private TMPDIR in a
 * child and rename the finished folder into place, which is atomic.
 */
function npmChromium() {
  let version;
  try {
    version = JSON.parse(readFileSync(require.resolve('@sparticuz/chromium/package.json'), 'utf8')).version;
  } catch {
    try {
      version = JSON.parse(readFileSync(join(root, 'node_modules', '@sparticuz', 'chromium', 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  }
  const dir = join(tmpdir(), `proclab-chromium-${version}`);
  const exe = join(dir, 'chromium');
  if (existsSync(exe)) return exe;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const c = (await import('@sparticuz/chromium')).default; await c.executablePath();"],
      { cwd: root, env: { ...process.env, TMPDIR: partial }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    renameSync(partial, dir);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    // Another process finished first: its folder is complete, use it.
    if (existsSync(exe)) return exe;
    throw new Error(`@sparticuz/chromium could not be extracted: ${e.stderr?.toString().trim() || e.message}`);
  }
  return exe;
}

/** A system font family that covers Chinese, or null (the UI bundles its own; other pages would show boxes). */
function cjkFont() {
  try {
    const out = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return (
      out
        .split('\n')
        .find((l) => l.trim())
        ?.split(',')[0]
        ?.trim() ?? null
    );
  } catch {
    return null;
  }
}

/** Libraries the binary needs that this machine lacks (the npm Chromium needs libnss3). */
function missingLibs(exe) {
  try {
    const out = execFileSync('ldd', [exe], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out
      .split('\n')
      .filter((l) => l.includes('not found'))
      .map((l) => l.trim().split(' ')[0]);
  } catch {
    return [];
  }
}

/** @returns {{ path: string, source: string, cjkFont: string | null }} */
export function findChromium() {
  const given = process.env.PROCLAB_CHROMIUM;
  let found = null;
  if (given) {
    if (!existsSync(given)) throw new Error(`PROCLAB_CHROMIUM=${given} does not exist`);
    found = { path: given, source: process.env.PROCLAB_CHROMIUM_SOURCE || 'PROCLAB_CHROMIUM' };
  }
  if (!found) {
    const sys = SYSTEM.find((p) => existsSync(p));
    if (sys) found = { path: sys, source: 'system Chromium' };
  }
  if (!found) {
    const own = playwrightOwn();
    if (own) found = { path: own, source: "Playwright's own Chromium" };
  }
  if (!found) {
    const npm = npmChromium();
    if (npm) found = { path: npm, source: '@sparticuz/chromium (npm devDependency)' };
  }
  if (!found)
    throw new Error(
      'no Chromium found: set PROCLAB_CHROMIUM, install chromium, or run `npm install` (the @sparticuz/chromium devDependency ships one)',
    );
  const missing = missingLibs(found.path);
  if (missing.length)
    throw new Error(`${found.path} (${found.source}) cannot start: missing ${missing.join(', ')} (Debian: apt-get install libnss3)`);
  return { ...found, cjkFont: cjkFont() };
}

/** One line for the test output: which Chromium, and whether Chinese will render. */
export function describeChromium(c) {
  const font = c.cjkFont ? `CJK font: ${c.cjkFont}` : 'no system CJK font (the UI bundles Noto Sans SC; Debian: fonts-wqy-microhei for other pages)';
  return `chromium: ${c.path} (${c.source}); ${font}`;
}

/**
 * For callers that cannot await (playwright.config.ts): the search runs once per process tree,
 * since the answer goes into the environment that workers and children inherit.
 */
export function useChromium({ quiet = false } = {}) {
  const c = findChromium();
  if (!quiet && !process.env.PROCLAB_CHROMIUM_SOURCE) console.error(describeChromium(c));
  process.env.PROCLAB_CHROMIUM = c.path;
  process.env.PROCLAB_CHROMIUM_SOURCE = c.source;
  return c;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const c = findChromium();
    console.log(process.argv.includes('--json') ? JSON.stringify({ ...c, line: describeChromium(c) }) : describeChromium(c));
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
