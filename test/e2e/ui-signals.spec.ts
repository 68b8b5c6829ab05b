import { test, expect } from './fixtures';
import { launchFromForm, openApp, shot, waitRunEnded } from './ui-helpers';

test.describe('signals scenario', () => {
  test('the SIGHUP button makes the reload mark appear; SIGTERM ends the run gracefully', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await launchFromForm(page, 'signals', 'python', { duration_s: '30', item_ms: '200' });
    const timeline = page.getByTestId('timeline');
    await expect(timeline).toContainText('config.json edited on disk', { timeout: 15_000 });
    await expect(page.getByTestId('signal-buttons')).toBeVisible();
    await page.getByTestId('signal-SIGHUP').click();
    await expect(timeline).toContainText('SIGHUP handler: reloaded config.json', { timeout: 10_000 });
    await expect(timeline).toContainText('version 1 → 2');
    await shot(page, 'ui-signals-hup-en');
    await page.getByTestId('signal-SIGTERM').click();
    await expect(timeline).toContainText('graceful exit after item', { timeout: 10_000 });
    await waitRunEnded(page, 20_000);
    await expect(page.getByTestId('signal-buttons')).toHaveCount(0);
    await expect(page.getByTestId('run-panel')).toHaveAttribute('data-status', 'finished');
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-pass', 'true', { timeout: 10_000 });
    await shot(page, 'ui-signals-done-en');
  });
});
