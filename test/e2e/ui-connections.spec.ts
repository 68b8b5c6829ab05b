import { test, expect } from './fixtures';
import { launchFromForm, openApp, shot, waitRunEnded } from './ui-helpers';

test('a tcp-server run shows its TCP connections card once it has ended (en, zh; 1024×700 and 1440×900)', async ({ app, page }) => {
  await openApp(page, app, 'playground');
  // Enough messages that the load outlasts a few socket samples (~2 s apart).
  await launchFromForm(page, 'tcp-server', 'python', { clients: '8', messages: '10000', size: '32768', idle_ms: '1500' });
  await waitRunEnded(page, 60_000);
  const card = page.getByTestId('connections-card');
  await expect(card).toBeVisible({ timeout: 10_000 });
  expect(Number(await card.getAttribute('data-peak'))).toBeGreaterThan(0);
  await expect(card).toContainText('TCP connections');
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await card.scrollIntoViewIfNeeded();
    await shot(page, `ui-connections-en-${w}`, false);
  }
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(card).toContainText('TCP 连接');
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await card.scrollIntoViewIfNeeded();
    await shot(page, `ui-connections-zh-${w}`, false);
  }
});
