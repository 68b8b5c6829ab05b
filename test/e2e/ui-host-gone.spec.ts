/**
 * The UI says when its host is gone: Ctrl-C (SIGINT) of browser mode leaves the open tab showing
 * "Disconnected" with every action off and the last data greyed, while it keeps trying; a new start
 * of ProcLab on the same port (a new token) is then reported as a restart with a new address, and
 * the new address works. Screenshots in English and 简体中文 at 1024×700 and 1440×900.
 */
import { expect, test } from '@playwright/test';
import { startApp, stopApp, type AppServer } from './fixtures';
import { api, openApp, shot } from './ui-helpers';

const SIZES = [
  [1024, 700],
  [1440, 900],
] as const;

let first: AppServer | null = null;
let second: AppServer | null = null;
test.afterEach(async () => {
  for (const a of [first, second]) if (a) await stopApp(a);
  first = second = null;
});

async function shots(page: import('@playwright/test').Page, name: string): Promise<void> {
  for (const lang of ['en', 'zh'] as const) {
    await page.getByTestId('lang-switch').selectOption(lang);
    await expect(page.getByTestId('app')).toHaveAttribute('data-lang', lang);
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await shot(page, `${name}-${lang}-${w}`, false);
    }
  }
  await page.getByTestId('lang-switch').selectOption('en');
}

test('Ctrl-C of the host: disconnected, actions off; a new start on the port: "restarted", and its address works', async ({ page }) => {
  test.setTimeout(120_000);
  first = await startApp();
  const port = new URL(first.url).port;
  await openApp(page, first, 'monitor');
  const run = await api(page, (p) => p.startCommand({ argv: ['sleep', '300'] }));
  const row = page.getByTestId('proc-table-monitor').getByTestId(`proc-row-${run.rootPid}`);
  await expect(row).toBeVisible({ timeout: 15_000 });
  const terminate = row.getByTestId(`action-terminate-${run.rootPid}`);
  await expect(terminate).toBeEnabled();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  // A reader of Chinese has had the page in Chinese while the host was there (its font subsets come from the host).
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(row).toContainText('睡眠');
  await page.evaluate(() => document.fonts.ready);
  await page.getByTestId('lang-switch').selectOption('en');

  // Ctrl-C in the host's terminal.
  const gone = new Promise((r) => first!.proc.once('exit', r));
  first.proc.kill('SIGINT');
  await gone;

  const banner = page.getByTestId('connection-banner');
  await expect(banner).toHaveAttribute('data-state', 'disconnected', { timeout: 10_000 });
  await expect(banner).toContainText('Disconnected.');
  await expect(banner).toContainText('actions are off');
  await expect(page.getByTestId('app')).toHaveAttribute('data-connection', 'disconnected');
  await expect(page.getByTestId('host-gate')).toHaveAttribute('disabled', '');
  await expect(terminate).toBeDisabled();
  await expect(page.getByTestId('statusbar')).toContainText('disconnected');
  // The context menu (and so every signal, renice and affinity) does not open either.
  await row.click({ button: 'right', force: true });
  await expect(page.getByTestId('context-menu')).toHaveCount(0);
  await shots(page, 'ui-host-gone');
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(banner).toContainText('已断开连接');
  await page.getByTestId('lang-switch').selectOption('en');

  // A new start on the same port has a new token: the page says so instead of retrying forever.
  second = await startApp(['--port', port]);
  await expect(banner).toHaveAttribute('data-state', 'restarted', { timeout: 30_000 });
  await expect(banner).toContainText('ProcLab restarted.');
  await expect(banner).toContainText('open the new address');
  await expect(terminate).toBeDisabled();
  await shots(page, 'ui-host-restarted');

  await page.goto(`${second.url}#/monitor`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-connection', 'connected');
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  await expect(page.getByTestId('statusbar')).toContainText('processes', { timeout: 15_000 });
});
