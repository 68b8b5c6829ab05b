import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunInfo } from '../../src/shared/model';
import { PAGE_LIMITS } from '../../src/shared/paging';
import { startApp, stopApp, test, expect } from './fixtures';
import { api, openApp } from './ui-helpers';

const EXTRA = PAGE_LIMITS.runs.default + 20;
const ARTIFACTS = join(__dirname, '..', 'artifacts');

/**
 * More runs than one runs.list page: one real run, then its journal copied under new ids into the
 * host's data folder (the list re-reads the folder), so the Runs tab has to page. Returns how
 * many runs the host then lists.
 */
async function manyRuns(page: Parameters<typeof api>[0]): Promise<number> {
  // The shared host may already hold runs of the tests before this one in the same worker.
  const before = (await api<RunInfo[]>(page, (p) => p.listRuns())).length;
  const run = await api<RunInfo>(page, (p) => p.startCommand({ argv: ['sh', '-c', 'echo paging'] }));
  await expect
    .poll(async () => (await api<RunInfo[]>(page, (p) => p.listRuns())).find((r) => r.id === run.id)?.status, { timeout: 60_000 })
    .not.toBe('running');
  const { dataDir } = await api<{ dataDir: string }>(page, (p) => p.info());
  const journal = readFileSync(join(dataDir, 'runs', `${run.id}.ndjson`), 'utf8');
  for (let i = 0; i < EXTRA; i++) {
    const id = `${run.id.slice(0, -4)}${i.toString(36).padStart(4, '0')}`;
    writeFileSync(join(dataDir, 'runs', `${id}.ndjson`), journal.split(run.id).join(id));
  }
  return before + EXTRA + 1;
}

test('the Runs tab shows the first page, then loads the rest when its end scrolls into view', async ({ app, page }) => {
  await openApp(page, app, 'runs');
  const total = await manyRuns(page);
  await page.getByTestId('runs-refresh').click();
  const rows = page.locator('[data-testid^="run-row-"]');
  await expect(rows).toHaveCount(PAGE_LIMITS.runs.default);
  const more = page.getByTestId('runs-more');
  await expect(more).toHaveAttribute('data-total', String(total));
  await more.scrollIntoViewIfNeeded();
  await expect(rows).toHaveCount(total);
  await expect(more).toHaveCount(0);
  // A refresh keeps every run the user had loaded.
  await page.getByTestId('runs-refresh').click();
  await expect(rows).toHaveCount(total);
});

test('without IntersectionObserver the button loads the next page; en and zh at 1024×700 and 1440×900', async ({ page }) => {
  // A host of its own: the shared one already holds the first test's runs.
  const app = await startApp();
  try {
    await page.addInitScript(() => delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver);
    await openApp(page, app, 'runs');
    const total = await manyRuns(page);
    await page.getByTestId('runs-refresh').click();
    const rows = page.locator('[data-testid^="run-row-"]');
    await expect(rows).toHaveCount(PAGE_LIMITS.runs.default);
    const more = page.getByTestId('runs-more');
    for (const lang of ['en', 'zh'] as const) {
      await page.getByTestId('lang-switch').selectOption(lang);
      await expect(more).toContainText(
        lang === 'en' ? `Showing ${PAGE_LIMITS.runs.default} of ${total} runs` : `已显示 ${PAGE_LIMITS.runs.default} / ${total} 条运行记录`,
      );
      for (const [w, h] of [
        [1024, 700],
        [1440, 900],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await more.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(ARTIFACTS, `ui-runs-paging-${lang}-${w}x${h}.png`) });
      }
    }
    await expect(rows).toHaveCount(PAGE_LIMITS.runs.default); // scrolling alone loads nothing here
    await page.getByTestId('runs-load-more').click();
    await expect(rows).toHaveCount(total);
    await expect(more).toHaveCount(0);
  } finally {
    await page.close();
    await stopApp(app);
  }
});
