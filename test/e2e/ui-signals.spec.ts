import { spawn } from 'node:child_process';
import { test, expect } from './fixtures';
import type { RunInfo } from '../../src/shared/model';
import { api, launchFromForm, openApp, runRows, shot, waitRunEnded } from './ui-helpers';

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

test('the process menu sends any signal by name: SIGUSR1 to a run process shows its handler mark', async ({ app, page }) => {
  await openApp(page, app, 'playground');
  await launchFromForm(page, 'signals', 'node', { duration_s: '30', item_ms: '200' });
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('ready: pid', { timeout: 15_000 });
  const row = runRows(page).first();
  await row.click({ button: 'right' });
  await page.getByTestId('menu-signal-pick').selectOption('SIGUSR1');
  await shot(page, 'ui-signal-menu-en', false);
  await page.getByTestId('menu-signal-send').click();
  await expect(timeline).toContainText('SIGUSR1 handler: state:', { timeout: 10_000 });
  await page.getByTestId('stop-button').click();
  await waitRunEnded(page, 20_000);
});

test('a signal by name to a process outside the runs: the confirmation names it and what it does (en, zh)', async ({ app, page }) => {
  // A program of this machine that is not a ProcLab run (init and kernel threads offer no menu at all).
  const foreign = spawn('sleep', ['300'], { stdio: 'ignore' });
  const pid = foreign.pid!;
  const ended = new Promise<NodeJS.Signals | null>((r) => foreign.once('exit', (_c, sig) => r(sig)));
  try {
    await openApp(page, app, 'monitor');
    await page.getByTestId('scope-system').click();
    const table = page.getByTestId('proc-table-monitor');
    await page.getByTestId('table-search').fill(String(pid));
    const row = table.getByTestId(`proc-row-${pid}`);
    await expect(row).toBeVisible({ timeout: 5000 });
    await row.click({ button: 'right' });
    await page.getByTestId('menu-signal-pick').selectOption('SIGHUP');
    await page.getByTestId('menu-signal-send').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toContainText(`Send SIGHUP to PID ${pid}`);
    await expect(dialog).toContainText('hang-up');
    await expect(dialog).toContainText('Without a handler it ends the process');
    await shot(page, 'ui-signal-confirm-en', false);
    await page.getByTestId('confirm-cancel').click();
    await expect(dialog).toHaveCount(0);
    expect(foreign.exitCode).toBeNull();

    await page.getByTestId('lang-switch').selectOption('zh');
    await row.click({ button: 'right' });
    await page.getByTestId('menu-signal-pick').selectOption('SIGUSR1');
    await page.getByTestId('menu-signal-send').click();
    await expect(dialog).toContainText(`向 PID ${pid}`);
    await expect(dialog).toContainText('用户自定义信号 1');
    await shot(page, 'ui-signal-confirm-zh', false);
    // Confirmed, it is sent: sleep has no handler for SIGUSR1, so the kernel's default ends it.
    await page.getByTestId('confirm-ok').click();
    expect(await ended).toBe('SIGUSR1');
  } finally {
    foreign.kill('SIGKILL');
  }
});

test("the runs tab: a live run's detail offers its manifest's signal buttons (SIGHUP reloads), gone once it ends", async ({
  app,
  page,
}) => {
  await openApp(page, app, 'runs');
  const run = await api<RunInfo>(page, (p) =>
    p.startRun({ scenarioId: 'signals', runtime: 'python', params: { duration_s: 30, item_ms: 200 } }),
  );
  await page.getByTestId(`run-detail-${run.id}`).click();
  const detail = page.getByTestId('run-detail');
  const timeline = detail.getByTestId('timeline');
  await expect(timeline).toContainText('config.json edited on disk', { timeout: 15_000 });
  await expect(detail.getByTestId('signal-buttons')).toBeVisible();
  await detail.getByTestId('signal-SIGHUP').click();
  await expect(timeline).toContainText('SIGHUP handler: reloaded config.json', { timeout: 10_000 });
  await page.setViewportSize({ width: 1024, height: 700 });
  await shot(page, 'ui-runs-signals-1024-en');
  await page.getByTestId('lang-switch').selectOption('zh');
  await page.setViewportSize({ width: 1440, height: 900 });
  await shot(page, 'ui-runs-signals-1440-zh');
  await detail.getByTestId('signal-SIGTERM').click();
  await expect(page.getByTestId(`run-row-${run.id}`)).not.toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await expect(detail.getByTestId('signal-buttons')).toHaveCount(0);
});
