import type { RunData } from '../../src/shared/model';
import { test, expect } from './fixtures';
import { api, launchFromForm, openApp, shot, waitRunEnded } from './ui-helpers';

const SIZES = [
  [1024, 700],
  [1440, 900],
] as const;

test('a tcp-server run: the TCP connections card is live while it runs, with the port list (en, zh; 1024×700 and 1440×900)', async ({
  app,
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, app, 'playground');
  // hold_ms keeps the 4 connections open for 20 s: long enough to look at them while the run is live.
  const runId = await launchFromForm(page, 'tcp-server', 'python', {
    model: 'thread',
    clients: '4',
    messages: '50',
    size: '512',
    idle_ms: '800',
    hold_ms: '20000',
  });
  const panel = page.getByTestId('run-panel');
  const card = page.getByTestId('connections-card');

  // The port the server printed as a protocol line (its result line), read from the run's journal.
  let port = 0;
  await expect
    .poll(
      async () => {
        const data = await api<RunData>(page, (p, id) => p.getRun({ runId: id as string }), runId);
        const r = data.outputs.find((o) => o.kind === 'result' && typeof o.data?.port === 'number');
        port = Number(r?.data?.port ?? 0);
        return port;
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);

  // Live: established connections while the run is still running, and the listening port in the list.
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => Number(await card.getAttribute('data-established')), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(panel).toHaveAttribute('data-status', 'running');
  await expect(card).toHaveAttribute('data-live', 'true');
  const list = card.getByTestId('port-list');
  await expect(list).toHaveAttribute('data-live', 'true');
  await expect(list.locator(`[data-testid="port-row"][data-state="LISTEN"][data-local-port="${port}"]`)).toHaveCount(1);
  // The server's accepted connections (local port = its port) and the client's ends (remote port = its port).
  await expect.poll(() => list.locator(`[data-testid="port-row"][data-state="ESTABLISHED"][data-local-port="${port}"]`).count()).toBe(4);
  await expect(list.locator(`[data-testid="port-row"][data-state="ESTABLISHED"][data-remote-port="${port}"]`)).toHaveCount(4);
  await expect(card).toContainText('TCP connections');
  await expect(list).toContainText('Sockets held now');

  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await card.scrollIntoViewIfNeeded();
    await shot(page, `ui-connections-live-en-${w}`, false);
  }
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(card).toContainText('TCP 连接');
  await expect(list).toContainText('当前持有的套接字');
  await expect(list).toContainText('本地端口');
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    await card.scrollIntoViewIfNeeded();
    await shot(page, `ui-connections-live-zh-${w}`, false);
  }
  // All four screenshots were taken while the connections were open.
  await expect(panel).toHaveAttribute('data-status', 'running');
  expect(Number(await card.getAttribute('data-established'))).toBeGreaterThan(0);

  // After the run: the chart is complete from the journal, the list says it is the last reading.
  await waitRunEnded(page, 60_000);
  await expect(card).toHaveAttribute('data-live', 'false');
  await expect(list).toContainText('最后一次读取时的套接字');
  expect(Number(await card.getAttribute('data-peak'))).toBeGreaterThanOrEqual(8);
  await page.getByTestId('lang-switch').selectOption('en');
  await expect(list).toContainText('Sockets at the last reading');
  await page.setViewportSize({ width: 1440, height: 900 });
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'ui-connections-ended-en-1440', false);
});
