/**
 * The Chromium finder (scripts/find-chromium.mjs) on a machine without a system Chromium: it
 * must fall back by itself (to Playwright's own browsers if installed, else the one inside the
 * @sparticuz/chromium devDependency), and what it returns must launch and render. Where a system
 * Chromium is installed, the test hides it in a private mount namespace (an overlay over /usr/bin
 * with it deleted: the machine's own /usr/bin is untouched), which needs root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/find-chromium.mjs';

const REPO = path.resolve(__dirname, '..', '..', '..');
const FINDER = path.join(REPO, 'scripts/find-chromium.mjs');
const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const hasSystem = SYSTEM.some((p) => fs.existsSync(p));
const env = (): NodeJS.ProcessEnv => {
  const e = { ...process.env };
  delete e.PROCLAB_CHROMIUM;
  delete e.PROCLAB_CHROMIUM_SOURCE;
  return e;
};
const canHide = process.getuid?.() === 0 && spawnSync('unshare', ['--help']).status === 0;

/** The finder's answer with no system Chromium present. */
function findWithoutSystem(): { path: string; source: string } {
  if (!hasSystem) return JSON.parse(execFileSync(process.execPath, [FINDER, '--json'], { env: env(), encoding: 'utf8' }));
  const ov = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-no-chromium-'));
  fs.mkdirSync(path.join(ov, 'u'));
  fs.mkdirSync(path.join(ov, 'w'));
  try {
    const script = [
      `mount -t overlay overlay -o lowerdir=/usr/bin,upperdir=${ov}/u,workdir=${ov}/w /usr/bin`,
      `rm -f ${SYSTEM.join(' ')}`,
      `test ! -e /usr/bin/chromium`,
      `exec "${process.execPath}" "${FINDER}" --json`,
    ].join(' && ');
    const out = execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { env: env(), encoding: 'utf8' });
    return JSON.parse(out);
  } finally {
    fs.rmSync(ov, { recursive: true, force: true });
  }
}

describe('the Chromium finder', () => {
  it('refuses a PROCLAB_CHROMIUM that does not exist, saying so', () => {
    const saved = { c: process.env.PROCLAB_CHROMIUM, s: process.env.PROCLAB_CHROMIUM_SOURCE };
    process.env.PROCLAB_CHROMIUM = '/no/such/chromium';
    delete process.env.PROCLAB_CHROMIUM_SOURCE;
    try {
      expect(() => findChromium()).toThrow('PROCLAB_CHROMIUM=/no/such/chromium does not exist');
    } finally {
      if (saved.c === undefined) delete process.env.PROCLAB_CHROMIUM;
      else process.env.PROCLAB_CHROMIUM = saved.c;
      if (saved.s !== undefined) process.env.PROCLAB_CHROMIUM_SOURCE = saved.s;
    }
  });

  it('without a system Chromium falls back to a bundled one that launches and renders', async (ctx) => {
    if (hasSystem && !canHide) ctx.skip('a system Chromium is installed here, and hiding it needs root and unshare');
    const found = findWithoutSystem();
    expect(SYSTEM).not.toContain(found.path);
    expect(["Playwright's own Chromium", '@sparticuz/chromium (npm devDependency)']).toContain(found.source);
    const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="p">ProcLab</p>');
      expect(await page.locator('#p').textContent()).toBe('ProcLab');
    } finally {
      await browser.close();
    }
  });
});
