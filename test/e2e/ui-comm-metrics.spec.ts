import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { launchFromForm, openApp, shot, waitRunEnded } from './ui-helpers';

/** The metric chart's figures as the page states them, and a drawn line (recharts' path with points). */
async function chartFigures(page: Page, name: string): Promise<{ points: number; peak: number; unit: string | null; drawn: boolean }> {
  const chart = page.getByTestId(`metric-chart-${name}`);
  await expect(chart).toBeVisible();
  const path = chart.locator('path.recharts-line-curve');
  const d = (await path.count()) ? await path.first().getAttribute('d') : null;
  return {
    points: Number(await chart.getAttribute('data-points')),
    peak: Number(await chart.getAttribute('data-peak')),
    unit: await chart.getAttribute('data-unit'),
    drawn: !!d && (d.match(/[LH]/g) ?? []).length > 3,
  };
}

/** The chart in view at both window sizes and both languages. */
async function shots(page: Page, name: string, testId: string): Promise<void> {
  for (const lang of ['en', 'zh'] as const) {
    await page.getByTestId('lang-switch').selectOption(lang);
    for (const [w, h] of [
      [1024, 700],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.getByTestId(testId).scrollIntoViewIfNeeded();
      await shot(page, `${name}-${w}x${h}-${lang}`, false);
    }
  }
  await page.getByTestId('lang-switch').selectOption('en');
}

test.describe('communication scenarios: metric charts', () => {
  test('producer-consumer charts the queue depth with its unit and label, reaching the queue size', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await launchFromForm(page, 'producer-consumer', 'python', { items: '15', queue_size: '4', consume_ms: '80', produce_ms: '5' });
    await expect(page.getByTestId('metric-chart-queue_depth')).toBeVisible({ timeout: 10_000 });
    await waitRunEnded(page);
    const f = await chartFigures(page, 'queue_depth');
    expect(f.unit).toBe('items');
    expect(f.points).toBeGreaterThan(10);
    expect(f.peak).toBe(4); // the full queue, as the program measured it
    expect(f.drawn).toBe(true);
    await expect(page.getByTestId('metric-chart-queue_depth')).toContainText('Queue depth');
    await page.getByTestId('lang-switch').selectOption('zh');
    await expect(page.getByTestId('metric-chart-queue_depth')).toContainText('队列深度');
    await shots(page, 'ui-producer-consumer-depth', 'metric-chart-queue_depth');
  });

  test('coroutines charts the event-loop lag: its peak is about the blocking coroutine’s compute time', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await launchFromForm(page, 'coroutines', 'node', { coroutines: '500', sleep_ms: '800', hog_ms: '400', tick_ms: '50' });
    await waitRunEnded(page);
    const f = await chartFigures(page, 'loop_lag_ms');
    expect(f.unit).toBe('ms');
    expect(f.points).toBeGreaterThan(10);
    expect(f.peak).toBeGreaterThan(300);
    expect(f.peak).toBeLessThan(1500);
    expect(f.drawn).toBe(true);
    await expect(page.getByTestId('metric-chart-loop_lag_ms')).toContainText('Event-loop lag');
    await shots(page, 'ui-coroutines-lag', 'metric-chart-loop_lag_ms');
  });
});
