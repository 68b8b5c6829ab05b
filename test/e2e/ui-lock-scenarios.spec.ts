import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { attrs, launchFromForm, openApp, shot, waitRunEnded } from './ui-helpers';

/** openApp keeps a language the page already chose; this switches it as a user would. */
async function openPlaygroundIn(page: Page, app: Parameters<typeof openApp>[1], lang: 'en' | 'zh'): Promise<void> {
  await openApp(page, app, 'playground', 'en');
  await page.evaluate((l) => {
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('proclab.lang', l);
  }, lang);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-lang', lang);
}

/** The same page at both sizes the brief asks for, `target` (default: the lanes) at the top. */
async function shotsAt(page: Page, name: string, target: Locator = page.getByTestId('lanes-card')): Promise<void> {
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    // The pointer off the charts, so no tooltip covers them; the card's top edge in view.
    await page.mouse.move(1, 1);
    await target.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }));
    await shot(page, `${name}-${w}`, false);
  }
}

test.describe('lock scenarios from the playground', () => {
  test('gil-counter (Python): several thread lanes, lock waits among them, the CPU stack never above one core', async ({ app, page }) => {
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openPlaygroundIn(page, app, lang);
      // 30 threads × 60 ms in the locked phase: a couple of seconds of lock waits, a few ticks.
      await launchFromForm(page, 'gil-counter', 'python', { threads: '30', sleep_ms: '60' });
      await waitRunEnded(page, 60_000);
      const lanes = page.getByTestId('thread-lanes');
      await expect(lanes).toBeVisible();
      const threadLanes = page.locator('[data-testid^="lane-t"]');
      expect(await threadLanes.count()).toBeGreaterThan(3);
      expect(((await lanes.getAttribute('data-kinds')) ?? '').split(',')).toContain('lock');
      expect((await attrs(threadLanes, 'data-kinds')).filter((k) => (k ?? '').split(',').includes('lock')).length).toBeGreaterThan(1);
      const chart = page.getByTestId('lane-cpu-chart');
      await expect(chart).toBeVisible();
      // One stacked series per thread; the GIL lets one run at a time, so the stack stays at one
      // core (sampling jitter aside). This program mostly sleeps, so its peak may well be near 0.
      expect(Number(await chart.getAttribute('data-series'))).toBeGreaterThan(3);
      await expect(chart).toHaveAttribute('data-peak', /^\d+\.\d\d$/);
      const peak = Number(await chart.getAttribute('data-peak'));
      expect(peak).toBeLessThan(1.35);
      await shotsAt(page, `lock-gil-counter-${lang}`);
    }
  });

  test('deadlock, two locks (Python): the banner names the cycle; Stop the run ends it', async ({ app, page }) => {
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openPlaygroundIn(page, app, lang);
      // A long give-up time, so it is the button that ends the run.
      await launchFromForm(page, 'deadlock', 'python', { case: 'two-locks', threads: '4', hold_ms: '100', give_up_s: '60' });
      const banner = page.getByTestId('deadlock-banner');
      await expect(banner).toBeVisible({ timeout: 15_000 });
      await expect(banner).toContainText(lang === 'en' ? 'Deadlock suspected' : '疑似死锁');
      const cycle = banner.getByTestId('deadlock-cycle');
      await expect(cycle).toBeVisible();
      await expect(cycle).toContainText(lang === 'en' ? /holds [AB] and waits for [AB]/ : /持有 [AB]，等待 [AB]/);
      await expect(page.locator('[data-testid^="lane-t"][data-kinds*="lock"]').first()).toBeVisible();
      await page.mouse.move(1, 1);
      await page
        .getByTestId('lanes-card')
        .evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }));
      await shot(page, `lock-deadlock-1440-${lang}`, false);
      await page.setViewportSize({ width: 1024, height: 700 });
      await banner.scrollIntoViewIfNeeded();
      await shot(page, `lock-deadlock-1024-${lang}`, false);
      await banner.getByTestId('deadlock-stop-run').click();
      await waitRunEnded(page, 15_000);
      await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'stopped');
      // The suspicion stays on the page as history, with nothing left to act on.
      await expect(page.getByTestId('deadlock-banner')).toHaveAttribute('data-ended', 'true');
      await expect(page.getByTestId('deadlock-stop-run')).toHaveCount(0);
      await expect(page.locator('[data-testid="timeline-item"][data-kind="deadlock"]').first()).toBeAttached();
      await expect(page.getByTestId('thread-lanes')).toBeVisible();
      await shotsAt(page, `lock-deadlock-after-${lang}`);
    }
  });

  test('deadlock, lucky order (Python): nothing hangs, the lock-order inversion is a potential deadlock with both lines, and the lesson passes', async ({
    app,
    page,
  }) => {
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openPlaygroundIn(page, app, lang);
      await launchFromForm(page, 'deadlock', 'python', { case: 'lucky-order', hold_ms: '50', give_up_s: '7' });
      await waitRunEnded(page, 30_000);
      await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'finished');
      const potential = page.getByTestId('potential-deadlock');
      await expect(potential).toBeVisible();
      await expect(page.getByTestId('deadlock-banner')).toHaveCount(0);
      // Both orders, each with its thread and the lines of its two locks.
      await expect(potential.getByTestId('potential-order')).toHaveCount(2);
      await expect(potential).toContainText('lock_a');
      await expect(potential).toContainText('lock_b');
      await expect(potential).toContainText(/main\.py:\d+/);
      await expect(page.getByTestId('verdict')).toHaveAttribute('data-outcome', 'pass');
      await shotsAt(page, `lock-lucky-order-${lang}`, potential);
    }
  });
});
