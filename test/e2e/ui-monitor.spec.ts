import { test, expect } from './fixtures';
import { openApp, shot } from './ui-helpers';

test('monitor: live cores, system scope table with search, tree/flat, freeze and a thread expansion', async ({ app, page }) => {
  await openApp(page, app, 'monitor');
  const chart = page.getByTestId('core-chart');
  await expect
    .poll(async () => (JSON.parse((await chart.getAttribute('data-values')) ?? '[]') as number[]).length, { timeout: 5000 })
    .toBeGreaterThan(0);
  await page.getByTestId('scope-system').click();
  const table = page.getByTestId('proc-table-monitor');
  await expect(table.locator('[data-testid^="proc-row-"]').first()).toBeVisible({ timeout: 5000 });
  await expect(table.getByTestId('proc-row-1')).toBeVisible();
  // Search with the / shortcut.
  await page.keyboard.press('/');
  await expect(page.getByTestId('table-search')).toBeFocused();
  await page.keyboard.type('pid:1');
  await expect(table.locator('[data-testid^="proc-row-"]')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('table-search')).toHaveValue('');
  // Flat view, sorted by CPU.
  await page.getByTestId('view-flat').click();
  // Expand PID 1's threads.
  await page.getByTestId('expand-1').click();
  await expect(table.locator('[data-testid^="thread-row-"][data-pid="1"]').first()).toBeVisible({ timeout: 5000 });
  // Freeze with space: the banner shows and the table keeps its tick.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(' ');
  await expect(page.getByTestId('frozen-banner')).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('frozen-banner')).toHaveCount(0);
  await page.getByTestId('view-tree').click();
  await page.getByTestId('expand-1').click();
  await shot(page, 'ui-monitor-en', false);
  // 简体中文.
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(page.getByTestId('tab-monitor')).toHaveText('监视器');
  await expect(page.getByTestId('sort-cpu')).toContainText('CPU %');
  await expect(page.getByTestId('scope-system')).toHaveText('整个系统');
  await shot(page, 'ui-monitor-zh', false);
  // The choice is remembered.
  await page.reload();
  await expect(page.getByTestId('tab-monitor')).toHaveText('监视器');
});

test('a process outside the runs asks for confirmation before a signal', async ({ app, page }) => {
  await openApp(page, app, 'monitor');
  await page.getByTestId('scope-system').click();
  const table = page.getByTestId('proc-table-monitor');
  await expect(table.getByTestId('proc-row-1')).toBeVisible({ timeout: 5000 });
  await page.getByTestId('action-stop-1').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('SIGSTOP');
  // Confirming on PID 1 is refused by the engine: the refusal is shown in plain words.
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('notice').last()).toHaveAttribute('data-tone', 'warn');
  await expect(page.getByTestId('notice').last()).toContainText("PID 1 is the system's init process");
  await expect(table.getByTestId('proc-row-1').getByTestId('state-badge').first()).not.toHaveAttribute('data-kind', 'stopped');
  // The same refusal reads in 简体中文 once the language is switched.
  await page.getByTestId('lang-switch').selectOption('zh');
  await page.getByTestId('action-stop-1').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('notice').last()).toContainText('PID 1 是系统的 init 进程');
});
