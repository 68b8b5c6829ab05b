import { readFileSync } from 'node:fs';
import type { RunInfo } from '../../src/shared/model';
import { test, expect } from './fixtures';
import { api, openApp, shot } from './ui-helpers';

test('compare two finished runs and export HTML: the file contains both runs', async ({ app, page }) => {
  await openApp(page, app, 'runs');
  // Setup through the API: two short runs that differ in model.
  const a = await api<RunInfo>(page, (p) =>
    p.startRun({ scenarioId: 'cpu-bound', runtime: 'python', params: { model: 'threads', workers: 2, work_ms: 600 } }),
  );
  const b = await api<RunInfo>(page, (p) =>
    p.startRun({ scenarioId: 'cpu-bound', runtime: 'python', params: { model: 'processes', workers: 2, work_ms: 600 } }),
  );
  for (const r of [a, b])
    await expect(page.getByTestId(`run-row-${r.id}`)).not.toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  // Rename one from the UI.
  await page.getByTestId(`run-rename-${a.id}`).click();
  await page.getByTestId('run-name-input').fill('threads run');
  await page.getByTestId('run-save').click();
  await expect(page.getByTestId(`run-name-${a.id}`)).toHaveText('threads run');

  await page.getByTestId(`run-select-${a.id}`).check();
  await page.getByTestId(`run-select-${b.id}`).check();
  await page.getByTestId('compare-button').click();
  const view = page.getByTestId('compare-view');
  await expect(view).toBeVisible({ timeout: 15_000 });
  await expect(view).toHaveAttribute('data-runs', new RegExp(`${a.id}.*${b.id}|${b.id}.*${a.id}`));
  await expect(page.getByTestId('compare-table')).toContainText('threads run');
  await expect(page.getByTestId('compare-chart-cores')).toBeVisible();
  await shot(page, 'ui-compare-en');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const html = readFileSync((await download.path())!, 'utf8');
  expect(download.suggestedFilename()).toMatch(/\.html$/);
  expect(html).toContain(a.id);
  expect(html).toContain(b.id);
  expect(html).toContain('threads run');

  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(page.getByTestId('tab-runs')).toHaveText('运行记录与对比');
  await shot(page, 'ui-compare-zh');
});

test('compare models in one action: a progress bar, then the comparison of every model run', async ({ app, page }) => {
  await openApp(page, app, 'runs');
  const box = page.getByTestId('compare-models');
  await expect(box).toBeVisible();
  await box.getByTestId('models-scenario').selectOption('cpu-bound');
  // Two models, Python only, a small workload: the batch runs them one after another.
  for (const m of ['pool', 'async', 'processes']) await box.getByTestId(`model-${m}`).uncheck();
  await box.getByTestId('models-runtime-node').uncheck();
  await box.getByTestId('param-workers').fill('2');
  await box.getByTestId('param-work_ms').fill('800');
  await expect(box.getByTestId('models-start')).toContainText('2');
  await box.getByTestId('models-start').click();
  const progress = box.getByTestId('models-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-finished', 'true', { timeout: 90_000 });
  const view = page.getByTestId('compare-view');
  await expect(view).toBeVisible({ timeout: 15_000 });
  const ids = ((await view.getAttribute('data-runs')) ?? '').split(',').filter(Boolean);
  expect(ids).toHaveLength(2);
  const runs = await api<RunInfo[]>(page, (p) => p.listRuns());
  const models = ids.map((id) => runs.find((r) => r.id === id)?.params.model).sort();
  expect(models).toEqual(['sequential', 'threads']);
  await expect(page.getByTestId('compare-table')).toContainText('cpu-bound · python threads');
  await expect(page.getByTestId('compare-table')).toContainText('cpu-bound · python sequential');
  await shot(page, 'ui-compare-models-en');
});
