import type { RunInfo } from '../../src/shared/model';
import { test, expect } from './fixtures';
import { api, openApp, shot } from './ui-helpers';

test('a tag goes when its process exits, while the ended row still shows', async ({ app, page }) => {
  await openApp(page, app, 'monitor');
  const a = await api<RunInfo>(page, (p) => p.startCommand({ argv: ['sleep', '60'] }));
  const b = await api<RunInfo>(page, (p) => p.startCommand({ argv: ['sleep', '61'] }));
  const table = page.getByTestId('proc-table-monitor');
  const ra = table.getByTestId(`proc-row-${a.rootPid}`);
  const rb = table.getByTestId(`proc-row-${b.rootPid}`);
  await expect(ra).toBeVisible({ timeout: 10_000 });
  await expect(rb).toBeVisible();
  await ra.click({ modifiers: ['Control'] });
  await rb.click({ modifiers: ['Control'] });
  await expect(page.getByTestId('batch-bar')).toContainText('2 tagged');
  try {
    await api(page, (p, id) => p.stopRun({ runId: id as string }), a.id);
    // The ended row stays a while (marked with how it ended); its tag must already be gone, so a
    // batch action cannot be aimed at a pid the kernel may give to another process.
    await expect(ra).not.toHaveAttribute('data-exited', '', { timeout: 10_000 });
    // Within a tick or two, well inside the 10 s an ended row stays (a drop left to the row's removal fails here).
    await expect(ra).not.toHaveAttribute('data-tagged', 'true', { timeout: 4000 });
    await expect(page.getByTestId('batch-bar')).toContainText('1 tagged', { timeout: 1000 });
    await expect(ra).toBeVisible({ timeout: 1000 });
    await expect(rb).toHaveAttribute('data-tagged', 'true');
    await shot(page, 'ui-tags-drop-en', false);
  } finally {
    for (const r of [a, b]) await api(page, (p, id) => p.stopRun({ runId: id as string }), r.id).catch(() => undefined);
  }
});
