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

test('compare across IPC channels: one batch, one table row and one chart per metric, with units', async ({ app, page }) => {
  await openApp(page, app, 'runs');
  const box = page.getByTestId('compare-models');
  await box.getByTestId('models-scenario').selectOption('ipc');
  // Python only, two channels: the batch runs `channel` once per value.
  for (const m of ['all', 'queue', 'file', 'socket', 'message-channel', 'child-ipc']) await box.getByTestId(`model-${m}`).uncheck();
  await box.getByTestId('models-runtime-node').uncheck();
  await box.getByTestId('param-messages').fill('6');
  await box.getByTestId('param-size').fill('1048576');
  await box.getByTestId('param-counter_procs').fill('0');
  await expect(box.getByTestId('models-start')).toContainText('2');
  await box.getByTestId('models-start').click();
  await expect(box.getByTestId('models-progress')).toHaveAttribute('data-finished', 'true', { timeout: 90_000 });
  const view = page.getByTestId('compare-view');
  await expect(view).toBeVisible({ timeout: 15_000 });
  const row = page.getByTestId('compare-row-metric-throughput_mb_s');
  await expect(row).toContainText('Throughput');
  // Both runs measured a real throughput: "<last> MB/s · <peak> MB/s · <mean> MB/s" in each cell.
  const cells = await row.locator('td').allTextContents();
  expect(cells).toHaveLength(2);
  for (const c of cells) expect(Number(/^([\d.]+) MB\/s/.exec(c)?.[1])).toBeGreaterThan(0);
  await expect(page.getByTestId('compare-table')).toContainText('ipc · python pipe');
  await expect(page.getByTestId('compare-table')).toContainText('ipc · python shm');
  await expect(page.getByTestId('compare-row-metric-latency_us')).toContainText('µs');
  await expect(page.getByTestId('compare-chart-metric-throughput_mb_s')).toContainText('Throughput (MB/s)');
  await page.getByTestId('compare-table').scrollIntoViewIfNeeded();
  await shot(page, 'ui-compare-ipc-channels-en');
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(row).toContainText('吞吐量');
  await shot(page, 'ui-compare-ipc-channels-zh');
});
