import { spawn, type ChildProcess } from 'node:child_process';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { api, openApp, shot } from './ui-helpers';

/** The PIDs of the process rows drawn, in screen order. */
async function drawnPids(table: Locator): Promise<number[]> {
  const ids = await table.locator('[data-testid^="proc-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.map((id) => Number(id.replace('proc-row-', '')));
}

/** What the page's next tick holds: the table the host cut, and the tick's own rows. */
function nextTick(page: Page): Promise<{ matched: number; items: number; first: number; foreign: number; offset: number }> {
  return api(
    page,
    (p) =>
      new Promise((resolve) => {
        const off = p.on('tick', (t) => {
          if (!t.table) return;
          off();
          resolve({
            matched: t.table.matched,
            items: t.table.items.length,
            first: t.table.items[0]?.row.pid ?? -1,
            foreign: t.processes.filter((r) => r.runId === null).length,
            offset: t.table.offset,
          });
        });
      }),
  );
}

const TAG = '600.311';
let kids: ChildProcess[] = [];

test.afterEach(() => {
  kids.forEach((k) => k.kill('SIGKILL'));
  kids = [];
});

test('the host cuts the Monitor table: its sort, rows far down with the right PIDs, and ↓ past the window', async ({ app, page }) => {
  kids = Array.from({ length: 300 }, () => spawn('sleep', [TAG], { stdio: 'ignore' }));
  const pids = kids.map((k) => k.pid!).sort((a, b) => a - b);
  await openApp(page, app, 'monitor');
  await page.getByTestId('scope-system').click();
  const table = page.getByTestId('proc-table-monitor');
  await expect(table.locator('[data-testid^="proc-row-"]').first()).toBeVisible({ timeout: 5000 });
  await page.getByTestId('view-flat').click();
  await page.getByTestId('table-search').fill(`cmd:${TAG}`);
  await page.locator('body').click({ position: { x: 5, y: 5 } });

  // Sort by PID (ascending first, then descending): the first row is the host's first.
  await page.getByTestId('sort-pid').click();
  await expect(table.locator('[data-testid^="proc-row-"]').first()).toHaveAttribute('data-testid', `proc-row-${pids[0]}`, {
    timeout: 5000,
  });
  await page.getByTestId('sort-pid').click();
  await expect(table.locator('[data-testid^="proc-row-"]').first()).toHaveAttribute('data-testid', `proc-row-${pids.at(-1)}`, {
    timeout: 5000,
  });
  const t = await nextTick(page);
  // The page holds a window of the 300 rows, not all of them, and the host's first is the drawn first.
  expect(t).toMatchObject({ matched: 300, first: pids.at(-1), offset: 0 });
  expect(t.items).toBeLessThan(100);
  // Beside the table, only runs' rows: no foreign row rides along.
  expect(t.foreign).toBe(0);
  await page.getByTestId('sort-pid').click();
  await expect(table.locator('[data-testid^="proc-row-"]').first()).toHaveAttribute('data-testid', `proc-row-${pids[0]}`, {
    timeout: 5000,
  });

  // Scroll far down: the rows there come with the PIDs of that place in the order.
  const scroller = table.locator('.table-scroll');
  await scroller.evaluate((el) => (el.scrollTop = 200 * 32));
  await expect(table.getByTestId(`proc-row-${pids[205]}`)).toBeVisible({ timeout: 5000 });
  const drawn = await drawnPids(table);
  const at = pids.indexOf(drawn[0]!);
  expect(at).toBeGreaterThan(150);
  expect(drawn).toEqual(pids.slice(at, at + drawn.length));
  expect(drawn.length).toBeLessThan(100);
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await table.scrollIntoViewIfNeeded();
    await shot(page, `ui-lean-table-en-${w}`, false);
  }
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(page.getByTestId('tab-monitor')).toHaveText('监视器');
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await table.scrollIntoViewIfNeeded();
    await shot(page, `ui-lean-table-zh-${w}`, false);
  }

  // Keyboard: from the top, ↓ seventy times walks past the first window and keeps going.
  await scroller.evaluate((el) => (el.scrollTop = 0));
  await table.getByTestId(`proc-row-${pids[0]}`).click({ position: { x: 30, y: 10 } });
  await expect(table.getByTestId(`proc-row-${pids[0]}`)).toHaveAttribute('aria-selected', 'true');
  for (let i = 0; i < 70; i++) await page.keyboard.press('ArrowDown');
  await expect(table.getByTestId(`proc-row-${pids[70]}`)).toHaveAttribute('aria-selected', 'true', { timeout: 5000 });
  await page.keyboard.press('ArrowUp');
  await expect(table.getByTestId(`proc-row-${pids[69]}`)).toHaveAttribute('aria-selected', 'true');
});
