import { test, expect } from './fixtures';
import { openApp, waitRunEnded } from './ui-helpers';

// Issue 15/9: limits are set from the run form, and a run reads why it ended in words derived from a typed cause.
test.describe('run limits and outcomes', () => {
  test('a time limit from the form ends the run, which names the limit; a stopped run reads "stopped"', async ({ app, page }) => {
    await openApp(page, app, 'playground');
    await page.getByTestId('scenario-io-bound').click();
    await page.getByTestId('runtime-python').click();
    await page.getByTestId('param-sleep_ms').fill('30000');
    await page.getByTestId('limit-fields').locator('summary').click();
    // Outside the host's bounds: refused inline, nothing launched.
    await page.getByTestId('limit-maxDurationMs').fill('0');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('limit-error-maxDurationMs')).toBeVisible();
    await expect(page.getByTestId('run-panel')).toHaveCount(0);
    await page.getByTestId('limit-maxDurationMs').fill('2');
    await page.getByTestId('run-button').click();
    await waitRunEnded(page, 20_000);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'limit');
    await expect(page.getByTestId('run-panel')).toContainText('time limit (2 s)');

    await page.getByTestId('limit-maxDurationMs').fill('');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
    await page.getByTestId('stop-button').click();
    await waitRunEnded(page, 20_000);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
    await expect(page.getByTestId('run-status')).toHaveText(/stopped/);
  });
});
