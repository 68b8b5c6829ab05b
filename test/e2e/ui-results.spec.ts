import type { Page } from '@playwright/test';
import type { RunInfo } from '../../src/shared/model';
import { test, expect } from './fixtures';
import { join } from 'node:path';
import { api, ARTIFACTS, openApp, shot } from './ui-helpers';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

/** Four short finished runs of one scenario, one of them with a Chinese name. */
async function fourRuns(page: Page): Promise<RunInfo[]> {
  const runs: RunInfo[] = [];
  for (const model of ['sequential', 'threads', 'processes', 'pool'])
    runs.push(
      await api<RunInfo>(
        page,
        (p, m) => p.startRun({ scenarioId: 'cpu-bound', runtime: 'python', params: { model: m as string, workers: 2, work_ms: 300 } }),
        model,
      ),
    );
  for (const r of runs)
    await expect(page.getByTestId(`run-row-${r.id}`)).not.toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await api(page, (p, id) => p.updateRun({ runId: id as string, name: '多线程 计数 · 四个进程', tags: ['gil', '对比'] }), runs[1]!.id);
  return runs;
}

/** The platform fonts Chromium drew a node's text with (CDP), e.g. [{ familyName, isCustomFont }]. */
async function fontsOf(page: Page, selector: string): Promise<Array<{ familyName: string; isCustomFont: boolean }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

test('comparison of four runs: every column visible at 1440, scrollable with a sticky first column at 1024; row buttons whole', async ({
  app,
  page,
}) => {
  await page.setViewportSize(SIZES[1]);
  await openApp(page, app, 'runs');
  const runs = await fourRuns(page);
  // A Chinese run name in the English list is drawn with the bundled CJK font, not boxes.
  await expect(page.getByTestId(`run-name-${runs[1]!.id}`)).toHaveText('多线程 计数 · 四个进程');
  const fonts = await fontsOf(page, `[data-testid="run-name-${runs[1]!.id}"]`);
  expect(
    fonts.some((f) => f.isCustomFont && /Noto Sans SC/i.test(f.familyName)),
    JSON.stringify(fonts),
  ).toBe(true);

  for (const r of runs) await page.getByTestId(`run-select-${r.id}`).check();
  await page.getByTestId('compare-button').click();
  const table = page.getByTestId('compare-table');
  await expect(table).toBeVisible({ timeout: 15_000 });
  for (const lang of ['en', 'zh'] as const) {
    if (lang === 'zh') await page.getByTestId('lang-switch').selectOption('zh');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const wrap = page.locator('.compare-table-wrap').first();
      await wrap.evaluate((el) => (el.scrollLeft = 0));
      const w = (await wrap.boundingBox())!;
      const heads = await table.locator('thead th').all();
      expect(heads).toHaveLength(5);
      if (size.width === 1440) {
        for (const th of heads) {
          const b = (await th.boundingBox())!;
          expect(b.x, `column at ${lang} 1440`).toBeGreaterThanOrEqual(w.x - 1);
          expect(b.x + b.width, `column at ${lang} 1440`).toBeLessThanOrEqual(Math.min(w.x + w.width, size.width) + 1);
        }
        await table.scrollIntoViewIfNeeded();
        await shot(page, `ui-results-compare-${lang}-1440`);
      } else {
        // Narrow: the table scrolls inside its card, and the metric names stay put.
        const first = table.locator('tbody th').first();
        const before = (await first.boundingBox())!;
        await wrap.evaluate((el) => (el.scrollLeft = el.scrollWidth));
        const after = (await first.boundingBox())!;
        expect(Math.abs(after.x - before.x)).toBeLessThan(1);
        const last = (await heads.at(-1)!.boundingBox())!;
        expect(last.x + last.width).toBeLessThanOrEqual(w.x + w.width + 1);
        await shot(page, `ui-results-compare-${lang}-1024`);
        await wrap.evaluate((el) => (el.scrollLeft = 0));
      }
    }
  }
  // Runs-tab row buttons and verdict chips: none cut by its cell or the table's box, in both languages,
  // also beside a run named by a long command line (the whole suite's history has them: it widened
  // the name column until the sticky buttons covered the chips).
  const long = await api<RunInfo>(page, (p) =>
    p.startCommand({ argv: ['true', '/root/.pyenv/versions/3.11.7/bin/python3/work/main/test/fixtures/lanes/procs4.py', '3'] }),
  );
  // …and one ended by a limit, the widest status chip.
  const limited = await api<RunInfo>(page, (p) => p.startCommand({ argv: ['sleep', '5'], limits: { maxDurationMs: 300 } }));
  await page.getByTestId('runs-refresh').click();
  await expect(page.getByTestId(`run-row-${long.id}`)).toBeVisible();
  await expect(page.getByTestId(`run-row-${limited.id}`)).toHaveAttribute('data-status', 'limit', { timeout: 15_000 });
  // Tags sit under the run's name (a column of their own pushed the verdicts under the buttons).
  await expect(page.getByTestId(`run-tags-${runs[1]!.id}`)).toHaveText(/#gil\s*#对比/);
  for (const [lang, size] of [
    ['zh', SIZES[0]],
    ['zh', SIZES[1]],
    ['en', SIZES[0]],
  ] as const) {
    await page.getByTestId('lang-switch').selectOption(lang);
    await page.setViewportSize(size);
    const row = page.getByTestId(`run-row-${runs[0]!.id}`);
    // Mid-screen: not under the sticky app header.
    await row.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const wrap = (await page.locator('.runs-table-wrap').first().boundingBox())!;
    for (const b of await row.locator('.row-buttons button').all()) {
      const bb = (await b.boundingBox())!;
      const clipped = await b.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(clipped, `button text cut at ${lang} ${size.width}`).toBe(false);
      expect(bb.x + bb.width, `button inside the table at ${lang} ${size.width}`).toBeLessThanOrEqual(wrap.x + wrap.width + 1);
    }
    await page
      .locator('.runs-table-wrap')
      .first()
      .screenshot({ path: join(ARTIFACTS, `ui-results-runs-${lang}-${size.width}.png`) });
    // The verdict chip lies whole inside its cell and the table's box (it was cut at 1024 in 简体中文).
    for (const r of runs) {
      const chip = page.getByTestId(`run-row-${r.id}`).locator('.verdict-chip');
      await expect(chip).toBeVisible();
      const cb = (await chip.boundingBox())!;
      const cell = (await chip.locator('xpath=ancestor::td[1]').boundingBox())!;
      expect(cb.x, `chip inside its cell at ${lang} ${size.width}`).toBeGreaterThanOrEqual(cell.x - 0.5);
      expect(cb.x + cb.width, `chip inside its cell at ${lang} ${size.width}`).toBeLessThanOrEqual(cell.x + cell.width + 0.5);
      expect(cb.x + cb.width, `chip inside the table at ${lang} ${size.width}`).toBeLessThanOrEqual(wrap.x + wrap.width + 0.5);
      expect(cb.y + cb.height, `chip inside its cell at ${lang} ${size.width}`).toBeLessThanOrEqual(cell.y + cell.height + 0.5);
      expect(await chip.evaluate((el) => el.scrollWidth > el.clientWidth + 1)).toBe(false);
      // Nothing drawn over it (the sticky row buttons covered it): its last glyph is the topmost thing there.
      const onTop = await chip.evaluate(
        (el, [x, y]) => {
          const doc = el.ownerDocument as unknown as { elementFromPoint(x: number, y: number): unknown };
          const hit = doc.elementFromPoint(x!, y!);
          return hit === el || el.contains(hit as never);
        },
        [cb.x + cb.width - 2, cb.y + cb.height / 2],
      );
      expect(onTop, `chip not covered at ${lang} ${size.width}`).toBe(true);
    }
  }
});

test('a run from the history opens in view at 1024×700, though the runs table reaches below the fold', async ({ app, page }) => {
  await page.setViewportSize(SIZES[0]);
  await openApp(page, app, 'runs');
  // Enough short commands that the table ends below the fold (checked below): the detail, drawn
  // after it, would open unseen.
  const commands: RunInfo[] = [];
  for (let i = 0; i < 16; i++) commands.push(await api<RunInfo>(page, (p) => p.startCommand({ argv: ['true'] })));
  for (const r of commands)
    await expect(page.getByTestId(`run-row-${r.id}`)).not.toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  // The table's first row (the newest run) in view: its detail opens after the whole table, below the fold.
  const button = page.locator('[data-testid^="run-row-"]').first().locator('[data-testid^="run-detail-"]');
  await button.scrollIntoViewIfNeeded();
  await expect(button).toBeInViewport();
  const table = (await page.getByTestId('runs-table').boundingBox())!;
  expect(table.y + table.height, 'the table ends below the fold (else this test proves nothing)').toBeGreaterThan(SIZES[0].height);
  await button.click();
  const detail = page.getByTestId('run-detail');
  await expect(detail).toBeVisible();
  // Its head, not just any sliver of it, is on screen.
  await expect(detail.locator('.card-head').first()).toBeInViewport({ ratio: 1 });
  const box = (await detail.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(-1);
  expect(box.y).toBeLessThan(SIZES[0].height - 80);
  await shot(page, 'ui-results-rundetail-en-1024', false);
});

test('a scenario run’s Results card names its figures in the UI language; the figure keys only as tooltips', async ({ app, page }) => {
  await openApp(page, app, 'runs', 'zh');
  const run = await api<RunInfo>(page, (p) =>
    p.startRun({ scenarioId: 'threads-basics', runtime: 'python', params: { threads: 3, hold_ms: 300, adds: 1000 } }),
  );
  await expect(page.getByTestId(`run-row-${run.id}`)).not.toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await page.getByTestId(`run-detail-${run.id}`).click();
  const card = page.getByTestId('run-result');
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expect(card.getByTestId('result-same_pid').locator('th')).toHaveText('所有线程同属一个进程（1 = 是）');
  await expect(card.getByTestId('result-same_pid').locator('th')).toHaveAttribute('title', 'same_pid');
  await expect(card.getByTestId('result-pid').locator('th')).toHaveText('各线程报告的进程号');
  // No figure of a scenario is left under its raw key.
  await expect(card.locator('th[data-labelled="false"]')).toHaveCount(0);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await card.scrollIntoViewIfNeeded();
    await shot(page, `ui-results-card-zh-${size.width}`, false);
  }
  await page.getByTestId('lang-switch').selectOption('en');
  await expect(card.getByTestId('result-same_pid').locator('th')).toHaveText('All threads in one process (1 = yes)');
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'ui-results-card-en-1440', false);
});

test('monitor at 1024×700: details pane in view with PPID, state and threads; Esc closes the query help; both memory figures explained', async ({
  app,
  page,
}) => {
  await page.setViewportSize(SIZES[0]);
  await openApp(page, app, 'monitor');
  for (const lang of ['en', 'zh'] as const) {
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    if (lang === 'zh') await page.getByTestId('lang-switch').selectOption('zh');
    const run = await api<RunInfo>(page, (p) =>
      // Long enough to still be alive when its history has two points on a loaded machine (stopped below).
      p.startRun({ scenarioId: 'cpu-bound', runtime: 'python', params: { model: 'threads', workers: 2, work_ms: 20000 } }),
    );
    const row = page.getByTestId('proc-table-monitor').getByTestId(`proc-row-${run.rootPid}`);
    await expect(row).toBeVisible({ timeout: 10_000 });
    await row.click();
    const pane = page.getByTestId('details-pane');
    await expect(pane).toBeInViewport();
    await expect(pane.getByTestId('details-ppid')).toHaveText(/^\d+$/);
    await expect(pane.getByTestId('details-threads')).toHaveText(/^[1-9]\d*$/);
    await expect(pane.getByTestId('details-state').getByTestId('state-badge').first()).toBeVisible();
    // Opened a moment after the start: each history graph says it is collecting until it has two points, then draws.
    const history = pane.getByTestId('details-history');
    const points = Number(await history.getAttribute('data-points'));
    if (points < 2) {
      await expect(history.getByTestId('spark-collecting')).toHaveCount(3);
      await expect(history.getByTestId('spark-collecting').first()).toHaveText(lang === 'en' ? /collecting…/ : /采集中…/);
      await shot(page, `ui-results-details-collecting-${lang}-1024`, false);
    }
    await expect.poll(async () => Number(await history.getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expect(history.getByTestId('spark-collecting')).toHaveCount(0);
    await expect(history.locator('polyline')).toHaveCount(3);
    if (lang === 'zh') {
      await pane.locator('details summary').click();
      await expect(pane.locator('details table')).toContainText('最多打开文件数');
    }
    await shot(page, `ui-results-details-${lang}-1024`, false);

    await expect(page.getByTestId('mem-used')).toHaveAttribute('title', lang === 'en' ? /total − available/ : /总量 − 可用/);
    await expect(page.getByTestId('mem-breakdown')).toHaveAttribute('title', lang === 'en' ? /htop/ : /htop/);

    await page.getByTestId('query-help-toggle').first().click();
    await expect(page.getByTestId('query-help')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('query-help')).toHaveCount(0);
    await api(page, (p, id) => p.stopRun({ runId: id as string }), run.id).catch(() => undefined);
  }
});

test('export buttons say queued, working and saved', async ({ app, page }) => {
  await openApp(page, app, 'runs');
  const runs = await fourRuns(page);
  for (const r of runs) await page.getByTestId(`run-select-${r.id}`).check();
  // Two exports at once: the second waits for the first.
  const html = page.getByTestId('export-html');
  const json = page.getByTestId('export-json');
  const downloads: Promise<unknown>[] = [];
  page.on('download', (d) => downloads.push(d.path()));
  await html.click();
  await json.click();
  await expect(json).toHaveAttribute('data-export-state', /queued|working|done/);
  await expect(html).toHaveAttribute('data-export-state', /working|done/);
  await expect(html).toHaveAttribute('data-export-state', 'done', { timeout: 30_000 });
  await expect(json).toHaveAttribute('data-export-state', 'done', { timeout: 30_000 });
  await expect(html).toContainText('saved');
  await shot(page, 'ui-results-export-en-1440', false);
});
