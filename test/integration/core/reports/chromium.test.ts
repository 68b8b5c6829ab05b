/**
 * The HTML report in a real browser: it must render its charts with zero network requests
 * (the only request is the file itself) and print to PDF. Uses the Chromium that
 * scripts/find-chromium.mjs picks, through Playwright's library API, like the e2e suite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { exportReport } from '../../../../src/main/core/reports';
import { twoRuns } from '../../../unit/runs-fixtures';

import { CHROMIUM_ARGS, useChromium } from '../../../../scripts/find-chromium.mjs';

describe('HTML report in Chromium', () => {
  it('opens offline with zero network requests, one chart per metric, and prints', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-html-'));
    const runs = twoRuns();
    runs[0]!.info.name = '<img src="https://example.com/x.png">';
    const rep = exportReport('html', runs);
    const file = path.join(dir, rep.filename);
    fs.writeFileSync(file, rep.content);
    const browser = await chromium.launch({ executablePath: useChromium().path, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle'); // anything the page would fetch has been asked for
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(await page.locator('svg.chart').count()).toBe(3);
      expect(await page.locator('img, script').count()).toBe(0);
      // The charts have real lines: one polyline per run in the cores chart.
      expect(await page.locator('#chart-cores polyline').count()).toBe(2);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
