import { spawn } from 'node:child_process';
import fs from 'node:fs';
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
  // A program of this machine that is not a ProcLab run.
  const foreign = spawn('sleep', ['300'], { stdio: 'ignore' });
  const pid = foreign.pid!;
  try {
    await openApp(page, app, 'monitor');
    await page.getByTestId('scope-system').click();
    const table = page.getByTestId('proc-table-monitor');
    await page.getByTestId('table-search').fill(String(pid));
    await expect(table.getByTestId(`proc-row-${pid}`)).toBeVisible({ timeout: 5000 });
    await page.getByTestId(`action-stop-${pid}`).click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('SIGSTOP');
    await page.getByTestId('confirm-cancel').click();
    await expect(dialog).toHaveCount(0);
    await expect(table.getByTestId(`proc-row-${pid}`).getByTestId('state-badge').first()).not.toHaveAttribute('data-kind', 'stopped');
    await page.getByTestId(`action-stop-${pid}`).click();
    await page.getByTestId('confirm-ok').click();
    await expect(table.getByTestId(`proc-row-${pid}`).getByTestId('state-badge').first()).toHaveAttribute('data-kind', 'stopped');
  } finally {
    foreign.kill('SIGKILL');
  }
});

test('init and kernel threads offer no actions: no buttons, no menu items, no keys', async ({ app, page }) => {
  await openApp(page, app, 'monitor');
  await page.getByTestId('scope-system').click();
  const table = page.getByTestId('proc-table-monitor');
  await expect(table.getByTestId('proc-row-1')).toBeVisible({ timeout: 5000 });
  await expect(table.getByTestId('action-stop-1')).toHaveCount(0);
  await expect(table.getByTestId('protected-1')).toHaveText('init');
  await expect(table.getByTestId('protected-1')).toHaveAttribute('title', /never signals it/);
  // The keys do nothing on it either: no confirmation dialog, no request.
  await table.getByTestId('proc-row-1').click();
  for (const key of ['s', 'k', 't', 'K']) await page.keyboard.press(key);
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  await table.getByTestId('proc-row-1').click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await expect(page.getByTestId('menu-protected')).toContainText("PID 1 is the system's init process");
  await expect(page.getByTestId('menu-stop')).toHaveCount(0);
  await page.keyboard.press('Escape');

  test.skip(!fs.readFileSync('/proc/2/stat', 'utf8').startsWith('2 (kthreadd) '), 'kernel threads are not visible here (PID namespace)');
  await page.getByTestId('table-search').fill('kthreadd');
  await expect(table.getByTestId('proc-row-2')).toBeVisible({ timeout: 5000 });
  await expect(table.getByTestId('action-kill-2')).toHaveCount(0);
  await expect(table.getByTestId('protected-2')).toHaveText('kernel thread');
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(table.getByTestId('protected-2')).toHaveText('内核线程');
  await expect(table.getByTestId('protected-1')).toHaveCount(0); // filtered out by the search
});

test('a filter query the host refuses says why beside the box, in en and zh, until it is fixed', async ({ app, page }) => {
  await openApp(page, app, 'monitor');
  await page.getByTestId('scope-system').click();
  const table = page.getByTestId('proc-table-monitor');
  await expect(table.getByTestId('proc-row-1')).toBeVisible({ timeout: 5000 });
  const box = page.getByTestId('table-search');
  const refused = page.getByTestId('query-refused');
  // A backreference: RE2 cannot match it in linear time, so the host refuses the whole query.
  await box.fill('cmd~(a)\\1');
  await expect(refused).toBeVisible({ timeout: 5000 });
  await expect(refused).toHaveText(
    'cmd~(a)\\1: a backreference \\1 \\k<name> cannot be used here (the filter’s regexes are RE2, matched in linear time)',
  );
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  for (const lang of ['en', 'zh'] as const) {
    await page.getByTestId('lang-switch').selectOption(lang);
    await expect(page.getByTestId('app')).toHaveAttribute('data-lang', lang);
    if (lang === 'zh')
      await expect(refused).toHaveText('cmd~(a)\\1：不能使用反向引用 \\1 \\k<name>（筛选中的正则为 RE2 语法，按线性时间匹配）');
    for (const [w, h] of [
      [1024, 700],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await shot(page, `ui-monitor-query-refused-${lang}-${w}`, false);
    }
  }
  await page.getByTestId('lang-switch').selectOption('en');
  // A lookahead is named as such.
  await box.fill('name~a(?=b)');
  await expect(refused).toContainText('name~a(?=b): lookahead');
  // Fixed: the reason goes and the filter works again.
  await box.fill('pid:1');
  await expect(refused).toHaveCount(0);
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await expect(table.locator('[data-testid^="proc-row-"]')).toHaveCount(1);
});
