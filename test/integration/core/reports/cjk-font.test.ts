/**
 * The HTML report's Chinese on a machine without a CJK font: Chromium runs with a fontconfig that knows
 * only DejaVu (no CJK font at all), and every Chinese character of the report must still be drawn from a
 * real font — the subset of Noto Sans SC the report embeds — not as boxes. A zh screenshot is kept in
 * test/artifacts for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { cjkCharacters, exportReportFile, REPORT_CJK_FAMILY } from '../../../../src/main/core/reports';
import { twoRuns } from '../../../unit/runs-fixtures';

import { CHROMIUM_ARGS, useChromium } from '../../../../scripts/find-chromium.mjs';

const LATIN_ONLY = '/usr/share/fonts/truetype/dejavu';
const ARTIFACTS = path.join(__dirname, '..', '..', '..', 'artifacts');

describe('HTML report on a machine without a CJK font', () => {
  it.skipIf(!fs.existsSync(LATIN_ONLY))(
    `draws its Chinese from the embedded subset (needs ${LATIN_ONLY})`,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-cjk-'));
      try {
        const conf = path.join(dir, 'fonts.conf');
        fs.writeFileSync(
          conf,
          `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${LATIN_ONLY}</dir><cachedir>${dir}/cache</cachedir></fontconfig>`,
        );
        const env = { ...process.env, FONTCONFIG_FILE: conf } as Record<string, string>;
        delete env.FONTCONFIG_PATH;
        // The premise: this fontconfig has no font for Chinese (checked where fc-list exists).
        try {
          expect(execFileSync('fc-list', [':lang=zh'], { env, encoding: 'utf8' }).trim()).toBe('');
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          console.log('fc-list not installed: the fontconfig premise is not re-checked');
        }

        const runs = twoRuns();
        runs[0]!.info.name = '多线程 计数（四个进程）';
        const rep = await exportReportFile('html', runs);
        const chars = cjkCharacters(rep.content);
        expect(chars.length).toBeGreaterThan(20);
        expect(rep.content).toContain(`font-family:"${REPORT_CJK_FAMILY}"`);
        expect(rep.content.length).toBeLessThan(600_000); // a subset, not the whole font
        const file = path.join(dir, rep.filename);
        fs.writeFileSync(file, rep.content);

        const browser = await chromium.launch({ executablePath: useChromium().path, args: CHROMIUM_ARGS, env });
        try {
          const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
          const requests: string[] = [];
          page.on('request', (r) => requests.push(r.url()));
          await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
          // Every embedded face loaded (they load as the text that needs them is laid out).
          type Doc = { document: { fonts: { ready: Promise<unknown>; forEach(f: (face: { status: string }) => void): void } } };
          await expect
            .poll(() =>
              page.evaluate(async () => {
                const { fonts } = (globalThis as unknown as Doc).document;
                await fonts.ready;
                const states: string[] = [];
                fonts.forEach((f) => states.push(f.status));
                return states.length > 0 && states.every((st) => st === 'loaded');
              }),
            )
            .toBe(true);
          expect(requests).toEqual([pathToFileURL(file).href]); // still one offline file

          // Which fonts Chromium drew each Chinese-bearing element with: all of its CJK glyphs from the
          // embedded font (a custom font), none from DejaVu's empty box.
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('DOM.enable');
          await cdp.send('CSS.enable');
          const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
          for (const selector of ['h1', 'h2', 'table.figures th', 'td']) {
            const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
            let checked = 0;
            for (const nodeId of nodeIds) {
              const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
              const text = outerHTML.replace(/<[^>]*>/g, '');
              const cjk = cjkCharacters(text).length;
              if (!cjk) continue;
              const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
              const custom = fonts.filter((f) => f.isCustomFont).reduce((n, f) => n + f.glyphCount, 0);
              expect(custom, `${selector}: ${text} drawn with ${JSON.stringify(fonts)}`).toBeGreaterThanOrEqual(
                [...text].filter((ch) => cjkCharacters(ch).length).length,
              );
              if (++checked >= 3) break;
            }
            if (selector !== 'td') expect(checked, selector).toBeGreaterThan(0);
          }
          fs.mkdirSync(ARTIFACTS, { recursive: true });
          await page.screenshot({ path: path.join(ARTIFACTS, 'report-zh-no-cjk-font.png'), fullPage: false });
        } finally {
          await browser.close();
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
