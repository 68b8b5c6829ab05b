import { test, expect } from './fixtures';
import { launchFromForm, openApp, runRows, shot, waitRunEnded } from './ui-helpers';

test('stop and continue flip the badge; kill turns the row into "killed by SIGKILL"', async ({ app, page }) => {
  await openApp(page, app, 'playground');
  await launchFromForm(page, 'process-states', 'python', { cycles: '100', busy_ms: '800', sleep_ms: '400', io_ms: '200' });
  const first = runRows(page).first();
  await expect(first).toBeVisible({ timeout: 5000 });
  const pid = Number(await first.getAttribute('data-pid'));
  const row = page.getByTestId(`proc-row-${pid}`);
  const primaryBadge = row.getByTestId('state-badge').first();

  // Stop from the row's button.
  await page.getByTestId(`action-stop-${pid}`).click();
  await expect(primaryBadge).toHaveAttribute('data-kind', 'stopped', { timeout: 5000 });
  await shot(page, 'ui-stopped-en', false);
  // Continue with the keyboard: select the row, press c.
  await row.click();
  await page.keyboard.press('c');
  await expect(primaryBadge).not.toHaveAttribute('data-kind', 'stopped', { timeout: 5000 });
  // Stop again with s, and continue from the context menu.
  await page.keyboard.press('s');
  await expect(primaryBadge).toHaveAttribute('data-kind', 'stopped', { timeout: 5000 });
  await row.click({ button: 'right' });
  await page.getByTestId('menu-continue').click();
  await expect(primaryBadge).not.toHaveAttribute('data-kind', 'stopped', { timeout: 5000 });

  // Kill.
  await page.getByTestId(`action-kill-${pid}`).click();
  await expect(row.getByTestId('outcome')).toHaveText('killed by SIGKILL', { timeout: 5000 });
  await expect(primaryBadge).toHaveAttribute('data-kind', 'killed');
  await shot(page, 'ui-killed-en', false);
  await waitRunEnded(page, 20_000);
});

test('the shortcut help opens with ? and lists the keys', async ({ app, page }) => {
  await openApp(page, app, 'monitor');
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('SIGKILL');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});
