import { spawn } from 'node:child_process';
import { test, expect } from './fixtures';
import { api, launchFromForm, openApp, runTable, shot } from './ui-helpers';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

for (const lang of ['en', 'zh'] as const)
  test(`monitor layout (${lang}): process rows above the fold, headers apart, Actions whole or reachable`, async ({ app, page }) => {
    await page.setViewportSize(SIZES[0]);
    await openApp(page, app, 'monitor', lang);
    await page.getByTestId('scope-system').click();
    const table = page.getByTestId('proc-table-monitor');
    await expect(table.locator('[data-testid^="proc-row-"]').nth(3)).toBeVisible({ timeout: 10_000 });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.evaluate(() => window.scrollTo(0, 0));
      // At least three process rows are on screen without scrolling the page. A deadlock banner
      // about some other program of this shared machine may stand above the table: not counted.
      // Polled: the charts re-measure after a resize.
      const thirdRowBottom = async (): Promise<number> => {
        const banners = await page
          .getByTestId('deadlock-banner')
          .evaluateAll((els) => els.reduce((h, e) => h + (e as unknown as { offsetHeight: number }).offsetHeight + 8, 0));
        const box = await table.locator('[data-testid^="proc-row-"]').nth(2).boundingBox();
        return box ? box.y + box.height - banners : Infinity;
      };
      await expect
        .poll(thirdRowBottom, { message: `${size.width}×${size.height}: third row above the fold`, timeout: 5000 })
        .toBeLessThanOrEqual(size.height);
      // Every header's label is whole (none cut, none running into the next).
      const heads = await table.locator('.table-head .th').evaluateAll((els) =>
        els.map((e) => {
          const el = e as unknown as { scrollWidth: number; clientWidth: number; textContent: string | null };
          return { text: el.textContent ?? '', cut: el.scrollWidth > el.clientWidth + 1 };
        }),
      );
      expect(
        heads.filter((h) => h.cut),
        `${size.width}: cut headers`,
      ).toEqual([]);
      const scroll = table.locator('.table-scroll');
      const box = (await scroll.boundingBox())!;
      const actions = (await table.locator('.table-head .th-actions').boundingBox())!;
      // The Actions column is never clipped: whole inside the table's visible box (sticky at its right edge).
      expect(actions.x + actions.width, `${size.width}: Actions right edge`).toBeLessThanOrEqual(box.x + box.width + 1);
      expect(actions.x, `${size.width}: Actions left edge`).toBeGreaterThanOrEqual(box.x);
      const wide = await scroll.evaluate((e) => {
        const el = e as unknown as { scrollWidth: number; clientWidth: number };
        return el.scrollWidth > el.clientWidth + 1;
      });
      if (size.width >= 1440) expect(wide, 'the default columns fit at 1440 px').toBe(false);
      if (wide) {
        // Sideways, PID and name stay where they were.
        const pidBefore = (await table.locator('.table-head .th-pid').boundingBox())!.x;
        await scroll.evaluate((e) => ((e as unknown as { scrollLeft: number }).scrollLeft = 400));
        expect((await table.locator('.table-head .th-pid').boundingBox())!.x).toBeCloseTo(pidBefore, 0);
        const name = (await table.locator('[data-testid^="proc-row-"] .td-name').first().boundingBox())!;
        expect(name.x).toBeLessThan(box.x + 100);
        await shot(page, `ui-table-${size.width}x${size.height}-${lang}-scrolled`, false);
        await scroll.evaluate((e) => ((e as unknown as { scrollLeft: number }).scrollLeft = 0));
      }
      await shot(page, `ui-table-${size.width}x${size.height}-${lang}`, false);
    }
  });

test('the column chooser shows and hides columns, is remembered across a reload, and resets', async ({ app, page }) => {
  await openApp(page, app, 'monitor');
  const table = page.getByTestId('proc-table-monitor');
  for (const id of ['user', 'mem', 'cputime', 'ni']) await expect(table.getByTestId(`head-${id}`)).toBeVisible();
  await expect(table.getByTestId('head-ppid')).toHaveCount(0);
  await page.getByTestId('columns-toggle').click();
  await expect(page.getByTestId('column-name')).toBeDisabled();
  await page.getByTestId('column-ppid').check();
  await page.getByTestId('column-user').uncheck();
  await expect(table.getByTestId('head-ppid')).toBeVisible();
  await expect(table.getByTestId('head-user')).toHaveCount(0);
  await shot(page, 'ui-table-chooser-en', false);
  await page.reload();
  await expect(table.getByTestId('head-ppid')).toBeVisible();
  await expect(table.getByTestId('head-user')).toHaveCount(0);
  // Sorting by a new column: TIME+ biggest first.
  await page.getByTestId('scope-system').click();
  await expect(table.locator('[data-testid^="proc-row-"]').nth(3)).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('view-flat').click();
  await page.getByTestId('sort-cputime').click();
  await expect(table.getByTestId('head-cputime')).toHaveAttribute('aria-sort', 'descending');
  const times = await table.locator('[data-testid^="proc-row-"] .td-cputime').allTextContents();
  const secs = times.slice(0, 5).map((s) => {
    const [m, rest] = s.includes('h') ? [Number(s.split('h')[0]) * 60, s.split('h')[1]!] : [0, s];
    const [mm, ss] = rest.split(':').map(Number) as [number, number];
    return (m + mm) * 60 + ss;
  });
  expect(secs).toEqual([...secs].sort((a, b) => b - a));
  await page.getByTestId('columns-toggle').click();
  await page.getByTestId('columns-reset').click();
  await expect(table.getByTestId('head-user')).toBeVisible();
  await expect(table.getByTestId('head-ppid')).toHaveCount(0);
});

test('keyboard: in the tree the first ↓ lands on a row that can be acted on; a confirmation opens with Cancel focused', async ({
  app,
  page,
}) => {
  // A program of this machine outside the runs, so the tree has a row that needs confirming.
  const foreign = spawn('sleep', ['300'], { stdio: 'ignore' });
  try {
    await openApp(page, app, 'monitor');
    await page.getByTestId('scope-system').click();
    const table = page.getByTestId('proc-table-monitor');
    await expect(table.getByTestId('proc-row-1')).toBeVisible({ timeout: 10_000 });
    await page.getByTestId('view-tree').click();
    // PID 1 heads the tree, kept as the ancestor of everything.
    await expect(table.locator('[data-testid^="proc-row-"]').first()).toHaveAttribute('data-pid', '1');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowDown');
    const selected = table.locator('[data-testid^="proc-row-"][aria-selected="true"]');
    await expect(selected).toHaveCount(1);
    await expect(selected).not.toHaveAttribute('data-pid', '1');
    // PID 1 has no buttons and its keys do nothing.
    await expect(table.getByTestId('protected-1')).toBeVisible();
    await expect(table.locator('[data-testid^="action-"][data-testid$="-1"]')).toHaveCount(0);
    // Select the foreign sleep and press s: the dialog asks, with Cancel (not Stop) focused.
    await page.getByTestId('table-search').fill(`pid:${foreign.pid}`);
    await table.getByTestId(`proc-row-${foreign.pid}`).click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('s');
    await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    await expect(page.getByTestId('confirm-cancel')).toBeFocused();
    await shot(page, 'ui-table-confirm-en', false);
    // Enter (or space) on the dialog that opened under the keyboard cancels.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
    await page.waitForTimeout(600);
    await expect(table.getByTestId(`proc-row-${foreign.pid}`)).toHaveAttribute('data-state', 'sleeping');
  } finally {
    foreign.kill('SIGKILL');
  }
});

test('the badge legend says what daemon and orphan mean (en, 简体中文)', async ({ app, page }) => {
  await openApp(page, app, 'monitor', 'zh');
  const legend = page.getByTestId('badge-legend');
  await legend.locator('summary').click();
  await expect(legend).toContainText('没有控制终端');
  await expect(legend).toContainText('每个服务的父进程都是 PID 1');
  await page.getByTestId('lang-switch').selectOption('en');
  await expect(legend).toContainText('no controlling terminal');
  await expect(legend).toContainText('every service has PID 1 as its parent');
  await legend.scrollIntoViewIfNeeded();
  await shot(page, 'ui-table-legend-en', false);
});

test('a run’s table and the details pane at 1024×700 and 1440×900, en and 简体中文 (screenshots)', async ({ app, page }) => {
  await page.setViewportSize(SIZES[0]);
  await openApp(page, app, 'playground');
  const runId = await launchFromForm(page, 'zombie', 'python', { hold_s: '60', child_ms: '300' });
  try {
    const table = runTable(page);
    await expect(table.locator('[data-testid^="proc-row-"]')).toHaveCount(2, { timeout: 15_000 });
    for (const lang of ['en', 'zh'] as const) {
      await page.getByTestId('lang-switch').selectOption(lang);
      for (const size of [SIZES[0], SIZES[2]]) {
        await page.setViewportSize(size);
        await table.scrollIntoViewIfNeeded();
        // The run's default columns: its processes' CPU time is there, the Run column is not.
        await expect(table.getByTestId('head-cputime')).toBeVisible();
        await expect(table.getByTestId('head-run')).toHaveCount(0);
        await shot(page, `ui-table-run-${size.width}x${size.height}-${lang}`, false);
      }
    }
    const data = await api(page, (p, id) => p.getRun({ runId: id as string }), runId);
    await page.getByTestId('tab-monitor').click();
    const root = page.getByTestId('proc-table-monitor').getByTestId(`proc-row-${data.info.rootPid}`);
    await root.click();
    await expect(page.getByTestId('details-fds')).toBeVisible({ timeout: 10_000 });
    for (const lang of ['en', 'zh'] as const) {
      await page.getByTestId('lang-switch').selectOption(lang);
      for (const size of [SIZES[0], SIZES[2]]) {
        await page.setViewportSize(size);
        await page.getByTestId('details-pane').scrollIntoViewIfNeeded();
        await shot(page, `ui-table-details-${size.width}x${size.height}-${lang}`, false);
      }
    }
    // 简体中文: the descriptor kinds are words of the catalogue, not the kernel's.
    await expect(page.getByTestId('details-fds')).not.toContainText(/\b(socket|pipe|file)\b \d/);
  } finally {
    await api(page, (p, id) => p.stopRun({ runId: id as string }), runId);
  }
});

test('VIRT and SHR (htop’s) columns: chosen, filled for the rows on screen, sorted biggest first; 1024×700 and 1440×900, en and 简体中文 (screenshots)', async ({
  app,
  page,
}) => {
  await page.setViewportSize(SIZES[0]);
  await openApp(page, app, 'monitor');
  const table = page.getByTestId('proc-table-monitor');
  await page.getByTestId('columns-toggle').click();
  await page.getByTestId('column-virt').check();
  await page.getByTestId('column-shr').check();
  await page.getByTestId('columns-toggle').click();
  await page.getByTestId('scope-system').click();
  await expect(table.locator('[data-testid^="proc-row-"]').nth(3)).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('view-flat').click();
  await page.getByTestId('sort-virt').click();
  await expect(table.getByTestId('head-virt')).toHaveAttribute('aria-sort', 'descending');
  const bytes = (s: string): number => {
    const m = /^([\d.]+) (B|KiB|MiB|GiB|TiB)$/.exec(s.trim());
    return m ? Number(m[1]) * 1024 ** ['B', 'KiB', 'MiB', 'GiB', 'TiB'].indexOf(m[2]!) : NaN;
  };
  // SHR is read for the rows on screen once the table has told the host which they are (300 ms later).
  await expect
    .poll(
      async () =>
        (await table.locator('[data-testid^="proc-row-"] .td-shr').allTextContents()).slice(0, 5).filter((s) => !Number.isNaN(bytes(s)))
          .length,
      {
        timeout: 10_000,
      },
    )
    .toBeGreaterThan(0);
  const virt = (await table.locator('[data-testid^="proc-row-"] .td-virt').allTextContents()).slice(0, 5).map(bytes);
  expect(virt.every((v) => v > 0)).toBe(true);
  expect(virt).toEqual([...virt].sort((a, b) => b - a));
  for (const lang of ['en', 'zh'] as const) {
    await page.getByTestId('lang-switch').selectOption(lang);
    for (const size of [SIZES[0], SIZES[2]]) {
      await page.setViewportSize(size);
      await table.getByTestId('head-virt').scrollIntoViewIfNeeded();
      await shot(page, `ui-table-virt-shr-${size.width}x${size.height}-${lang}`, false);
    }
  }
});
