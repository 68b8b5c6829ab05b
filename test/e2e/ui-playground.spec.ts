import { test, expect } from './fixtures';
import { attrs, launchFromForm, listRuns, openApp, runRows, runTable, shot, waitRunEnded } from './ui-helpers';

test.describe('playground', () => {
  test('an out-of-range parameter shows an inline error and nothing is launched', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    const before = (await listRuns(page)).length;
    await page.getByTestId('scenario-cpu-bound').click();
    await page.getByTestId('param-workers').fill('999');
    // Inline while typing…
    await expect(page.getByTestId('param-error-workers')).toHaveText(/between 1 and 64/);
    // …and pressing Run launches nothing.
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('form-blocked')).toBeVisible();
    await expect(page.getByTestId('run-panel')).toHaveCount(0);
    await page.waitForTimeout(1500);
    expect((await listRuns(page)).length).toBe(before);
    await shot(page, 'ui-param-error-en', false);
    // Fixing the value clears the error.
    await page.getByTestId('param-workers').fill('2');
    await expect(page.getByTestId('param-error-workers')).toHaveCount(0);
  });

  test('cpu-bound from the form: processes within 2 s with CPU, the core chart rises, the verdict shows', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await page.getByTestId('scenario-cpu-bound').click();
    await shot(page, 'ui-playground-en');
    const t0 = Date.now();
    await launchFromForm(page, 'cpu-bound', 'python', { model: 'processes', workers: '2', work_ms: '5000' });
    await expect(runRows(page).first()).toBeVisible({ timeout: Math.max(500, 2000 - (Date.now() - t0)) });
    expect(Date.now() - t0).toBeLessThan(2000 + 500); // + the click itself
    // CPU values: at least one of the run's processes shows real CPU use.
    await expect
      .poll(async () => Math.max(0, ...(await attrs(runRows(page), 'data-cpu')).map(Number)), {
        timeout: 8000,
      })
      .toBeGreaterThan(20);
    // The run's core chart rises above half a core.
    const chart = page.getByTestId('run-core-chart');
    await expect.poll(async () => Number(await chart.getAttribute('data-last')), { timeout: 10_000 }).toBeGreaterThan(0.5);
    await shot(page, 'ui-run-live-en');
    await waitRunEnded(page);
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toBeVisible({ timeout: 15_000 });
    await expect(verdict.getByTestId('claim').first()).toBeVisible();
    test.info().annotations.push({ type: 'verdict', description: `pass=${await verdict.getAttribute('data-pass')}` });
    await shot(page, 'ui-run-finished-en');
    // The same finished run in 简体中文.
    await page.getByTestId('lang-switch').selectOption('zh');
    await expect(page.getByTestId('tab-playground')).toHaveText('实验场');
    await expect(verdict.locator('h3')).toContainText('结论');
    // The engine's own words switch too: the timeline says how processes started in Chinese.
    await expect(page.getByTestId('timeline-item').filter({ hasText: '已启动：' }).first()).toBeVisible();
    await expect(
      page
        .getByTestId('timeline-item')
        .filter({ hasText: /由 \d+ 启动/ })
        .first(),
    ).toBeVisible();
    await shot(page, 'ui-run-finished-zh');
    await page.getByTestId('scenario-cpu-bound').scrollIntoViewIfNeeded();
    await shot(page, 'ui-playground-zh');
  });

  test('a worker-thread scenario shows thread rows with distinct TIDs', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await launchFromForm(page, 'threads-basics', 'python', { threads: '4', hold_ms: '6000' });
    const threads = runTable(page).locator('[data-testid^="thread-row-"]');
    await expect.poll(async () => threads.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const tids = await attrs(threads, 'data-tid');
    expect(new Set(tids).size).toBe(tids.length);
    // Threads share their process's PID: every thread row belongs to a process row above it.
    const pids = new Set(await attrs(threads, 'data-pid'));
    for (const pid of pids) await expect(runTable(page).getByTestId(`proc-row-${pid}`)).toBeVisible();
    await shot(page, 'ui-threads-en');
    await page.getByTestId('stop-button').click();
    await waitRunEnded(page, 20_000);
  });

  test('zombie shows the zombie badge', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await launchFromForm(page, 'zombie', 'python', { hold_s: '8', child_ms: '300' });
    await expect(runTable(page).locator('[data-testid="state-badge"][data-kind="zombie"]').first()).toBeVisible({ timeout: 10_000 });
    await shot(page, 'ui-zombie-en');
    await waitRunEnded(page, 60_000);
  });

  test('orphan shows the orphan badge', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await launchFromForm(page, 'orphan', 'python', { parent_s: '1', child_s: '6' });
    await expect(runTable(page).locator('[data-testid="state-badge"][data-kind="orphan"]').first()).toBeVisible({ timeout: 10_000 });
    await shot(page, 'ui-orphan-en');
    await waitRunEnded(page, 60_000);
  });
});
