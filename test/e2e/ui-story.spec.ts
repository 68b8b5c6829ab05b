import { test, expect } from './fixtures';
import { api, launchFromForm, openApp, runRows, runTable, shot, waitRunEnded } from './ui-helpers';
import type { RunData } from '../../src/shared/model';

const SIZES = [
  [1024, 700],
  [1440, 900],
] as const;

test.describe('the run view keeps each process story and prompts at the right moment', () => {
  test('a finished run: peak RSS and threads, CPU time and "exit 0" in each row (en, zh), also from the history', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    const runId = await launchFromForm(page, 'threads-basics', 'python', { threads: '4', hold_ms: '1500' });
    await waitRunEnded(page, 60_000);
    const row = runRows(page).first();
    await expect(row.getByTestId('outcome')).toHaveText('exit 0', { timeout: 10_000 });
    expect(Number(await row.getByTestId('peak-rss').getAttribute('data-value'))).toBeGreaterThan(0);
    // The root and its 4 threads: the peak, not the 0 an exited process reads.
    expect(Number(await row.getByTestId('peak-threads').getAttribute('data-value'))).toBeGreaterThanOrEqual(5);
    await expect(row.locator('.td-cputime')).toHaveText(/^\d+:\d\d\.\d\d$/);
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await runTable(page).scrollIntoViewIfNeeded();
      await shot(page, `ui-story-finished-en-${w}`, false);
    }
    await page.getByTestId('lang-switch').selectOption('zh');
    await expect(row.getByTestId('outcome')).toHaveText('退出码 0');
    await expect(row.getByTestId('peak-rss')).toContainText('峰值');
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await runTable(page).scrollIntoViewIfNeeded();
      await shot(page, `ui-story-finished-zh-${w}`, false);
    }
    // Opened from the history, the rows come from the journal alone.
    await page.goto(`${app.url}#/runs`);
    await page.getByTestId(`run-detail-${runId}`).click();
    const detail = page.getByTestId('run-detail');
    await expect(detail.getByTestId('outcome').first()).toHaveText('退出码 0', { timeout: 10_000 });
    expect(Number(await detail.getByTestId('peak-threads').first().getAttribute('data-value'))).toBeGreaterThanOrEqual(5);
  });

  for (const lang of ['en', 'zh'] as const) {
    test(`process-states prompts "press Stop now"; its button stops the process, then continues it (${lang})`, async ({ app, page }) => {
      await openApp(page, app, 'playground', lang);
      const runId = await launchFromForm(page, 'process-states', 'python', { cycles: '2', busy_ms: '1500', sleep_ms: '600', io_ms: '400' });
      const prompt = page.locator('[data-testid="run-prompt"][data-prompt="stop-now"]');
      await expect(prompt).toBeVisible({ timeout: 10_000 });
      await expect(prompt).toContainText(lang === 'en' ? 'Press Stop now' : '现在按“停止”');
      const first = runRows(page).first();
      const pid = Number(await first.getAttribute('data-pid'));
      const badge = page.getByTestId(`proc-row-${pid}`).getByTestId('state-badge').first();
      if (lang === 'en')
        for (const [w, h] of SIZES) {
          await page.setViewportSize({ width: w, height: h });
          await prompt.scrollIntoViewIfNeeded();
          await shot(page, `ui-prompt-stop-${lang}-${w}`, false);
        }
      else {
        await prompt.scrollIntoViewIfNeeded();
        await shot(page, `ui-prompt-stop-${lang}-1440`, false);
      }
      await prompt.getByTestId('prompt-action').click();
      await expect(badge).toHaveAttribute('data-kind', 'stopped', { timeout: 5000 });
      await expect(prompt).toBeHidden();
      const next = page.locator('[data-testid="run-prompt"][data-prompt="continue-now"]');
      await expect(next).toBeVisible();
      if (lang === 'zh')
        for (const [w, h] of SIZES) {
          await page.setViewportSize({ width: w, height: h });
          await next.scrollIntoViewIfNeeded();
          await shot(page, `ui-prompt-continue-${lang}-${w}`, false);
        }
      // Long enough stopped that the 250 ms run samples see it T, as the lesson reads it.
      await page.waitForTimeout(1000);
      await next.getByTestId('prompt-action').click();
      await expect(badge).not.toHaveAttribute('data-kind', 'stopped', { timeout: 5000 });
      await expect(next).toBeHidden();
      await waitRunEnded(page, 60_000);
      const data = await api<RunData>(page, (p, id) => p.getRun({ runId: id as string }), runId);
      const stopped = data.info.verdict?.claims.find((c) => c.text.en.startsWith('Optional: stopped'));
      expect(stopped?.measured).toBe('seen stopped');
      expect(stopped?.pass).toBe(true);
    });
  }

  test("the cores chart shades the lesson's pass band, with its legend entry (en, zh; live and finished)", async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await launchFromForm(page, 'cpu-bound', 'python', { model: 'threads', workers: '2', work_ms: '4000' });
    const chart = page.getByTestId('run-core-chart');
    // Python threads: the lesson's ONE_THREAD_MAX, from its lesson, through the run's info.
    await expect(chart).toHaveAttribute('data-band', '0-1.3');
    await expect(chart.getByTestId('legend-band')).toHaveText("lesson's pass band: ≤ 1.3 cores on average");
    await expect(chart.locator('.recharts-reference-area-rect')).toHaveCount(1);
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await chart.scrollIntoViewIfNeeded();
      await shot(page, `ui-band-live-en-${w}`, false);
    }
    await waitRunEnded(page, 60_000);
    await page.getByTestId('lang-switch').selectOption('zh');
    await expect(chart.getByTestId('legend-band')).toHaveText('课程的通过区间：平均 ≤ 1.3 个核');
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await chart.scrollIntoViewIfNeeded();
      await shot(page, `ui-band-finished-zh-${w}`, false);
    }
  });

  test('a process the run\'s Stop ended reads "still running when the run was stopped"', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await launchFromForm(page, 'process-states', 'python', { cycles: '20' });
    const row = runRows(page).first();
    await expect(row).toBeVisible({ timeout: 5000 });
    await page.getByTestId('stop-button').click();
    await waitRunEnded(page, 20_000);
    await expect(row.getByTestId('outcome')).toHaveText(/^still running when the run was stopped \(SIG(TERM|KILL)\)$/, { timeout: 10_000 });
    await runTable(page).scrollIntoViewIfNeeded();
    await shot(page, 'ui-story-stopped-en-1440', false);
  });
});
