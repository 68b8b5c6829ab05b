import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { RunInfo } from '../../src/shared/model';
import { expect, test } from './fixtures';
import { api, openApp, shot } from './ui-helpers';

const WAITS = join(__dirname, '..', 'fixtures', 'waits');
const LANES = join(__dirname, '..', 'fixtures', 'lanes');
const PY = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

async function startCommand(page: Page, argv: string[]): Promise<RunInfo> {
  return api(page, (p, a) => p.startCommand(a as { argv: string[]; cwd: string }), { argv, cwd: WAITS });
}

/** openApp keeps a language the page already chose; this switches it as a user would. */
async function openIn(page: Page, app: Parameters<typeof openApp>[1], lang: 'en' | 'zh'): Promise<void> {
  await openApp(page, app, 'runs', 'en');
  await page.evaluate((l) => {
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('proclab.lang', l);
  }, lang);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-lang', lang);
}

async function openRunDetail(page: Page, runId: string): Promise<void> {
  await page.getByTestId('runs-refresh').click();
  await page.getByTestId(`run-detail-${runId}`).click();
  await expect(page.getByTestId('run-detail')).toBeVisible();
}

test.describe('thread lanes and the deadlock banner', () => {
  test("the seed's two-lock program: lock-wait lanes, the banner with Stop the run, lanes kept after the run", async ({ app, page }) => {
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openIn(page, app, lang);
      const run = await startCommand(page, [PY, join(WAITS, 'two_locks.py')]);
      await openRunDetail(page, run.id);
      const banner = page.getByTestId('deadlock-banner');
      await expect(banner).toBeVisible({ timeout: 15_000 });
      await expect(banner).toContainText(lang === 'en' ? 'deadlock suspected: PID' : '疑似死锁：PID');
      const lanes = page.getByTestId('thread-lanes');
      await expect(lanes).toBeVisible();
      // 1 process lane + 11 thread lanes, every thread lane in lock wait by now.
      await expect(lanes).toHaveAttribute('data-lanes', '12');
      await expect(page.locator('[data-testid^="lane-t"][data-kinds*="lock"]')).toHaveCount(11);
      await expect(page.locator('[data-testid^="thread-wait"]').first()).toContainText(lang === 'en' ? 'lock wait' : '等待锁');
      await page.getByTestId('lanes-card').scrollIntoViewIfNeeded();
      await shot(page, `lanes-deadlock-1440-${lang}`);
      await page.setViewportSize({ width: 1024, height: 700 });
      await shot(page, `lanes-deadlock-1024-${lang}`);

      // The Monitor shows the same suspicion on its page.
      await page.getByTestId('tab-monitor').click();
      await expect(page.getByTestId('deadlock-banner')).toBeVisible();
      await shot(page, `monitor-deadlock-1024-${lang}`, false);
      await page.getByTestId('tab-runs').click();
      await openRunDetail(page, run.id);

      await page.getByTestId('deadlock-stop-run').click();
      await expect(page.getByTestId(`run-row-${run.id}`)).toHaveAttribute('data-status', 'stopped', { timeout: 15_000 });
      // The suspicion stays on the page as history, with nothing left to act on.
      await expect(page.getByTestId('deadlock-banner')).toHaveAttribute('data-ended', 'true');
      await expect(page.getByTestId('deadlock-stop-run')).toHaveCount(0);
      await expect(page.locator('[data-testid="timeline-item"][data-kind="deadlock"]').first()).toBeAttached();
      // Read back from the journal (the open detail reloads it): the lanes and the suspected stretch are still there.
      await expect(page.getByTestId('thread-lanes')).toHaveAttribute('data-lanes', '12');
      await expect(page.locator('.lane-deadlock')).not.toHaveCount(0);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByTestId('lanes-card').scrollIntoViewIfNeeded();
      await shot(page, `lanes-deadlock-after-1440-${lang}`);
    }
  });

  test('threads taking turns under the GIL: running lanes and a CPU stack under one core', async ({ app, page }) => {
    const runIds: string[] = [];
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openIn(page, app, lang);
      const run = await startCommand(page, [PY, join(WAITS, 'gil.py'), '4']);
      await expect
        .poll(async () => (await api(page, (p) => p.listRuns())).find((r) => r.id === run.id)?.status, { timeout: 30_000 })
        .not.toBe('running');
      await openRunDetail(page, run.id);
      const lanes = page.getByTestId('thread-lanes');
      await expect(lanes).toBeVisible();
      const kinds = (await lanes.getAttribute('data-kinds')) ?? '';
      // On a loaded machine the spinning threads are mostly queued for a core (runnable), else running.
      expect(kinds.split(',').some((k) => k === 'running' || k === 'runnable')).toBe(true);
      // The threads waiting for the GIL are in a timed futex wait, and the main thread in join().
      expect(kinds.split(',')).toContain('lock');
      await expect(page.getByTestId('lane-cpu-chart')).toBeVisible();
      // Drawn from what the kernel counted: each stretch split into running / queued / blocked bands.
      await expect(lanes).toHaveAttribute('data-shares', 'kernel');
      // Thread lanes are labelled with the thread's name (comm) and TID.
      await expect(page.locator('[data-testid^="lane-t"] .lane-label').first()).toContainText('python');
      const data = await api(page, (p, id) => p.getRun({ runId: id as string }), run.id);
      // Sum of the spinning threads' CPU per sample, in cores: the GIL keeps it near one core.
      const sums = data.samples.map((s) => (s.threads ?? []).reduce((n, t) => n + t.cpu / 100, 0)).filter((x) => x > 0.2);
      expect(sums.length).toBeGreaterThan(3);
      expect(Math.max(...sums)).toBeLessThan(1.1);
      await page.getByTestId('lanes-card').scrollIntoViewIfNeeded();
      await shot(page, `lanes-gil-1440-${lang}`);
      await page.setViewportSize({ width: 1024, height: 700 });
      await shot(page, `lanes-gil-1024-${lang}`);
      runIds.push(run.id);
    }
    // The comparison shows the same lanes for each compared run.
    for (const id of runIds) await page.getByTestId(`run-select-${id}`).check();
    await page.getByTestId('compare-button').click();
    const lanesOf = page.getByTestId('compare-lanes');
    await expect(lanesOf).toBeVisible({ timeout: 15_000 });
    for (const id of runIds) await expect(page.getByTestId(`compare-lanes-${id}`).getByTestId('thread-lanes')).toBeVisible();
    await lanesOf.scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, 'lanes-compare-1440-zh');
  });
});

test('four compute processes: one lane each, split by the kernel’s shares, beside the stacked CPU chart', async ({ app, page }) => {
  for (const lang of ['en', 'zh'] as const) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openIn(page, app, lang);
    const run = await startCommand(page, [PY, join(LANES, 'procs4.py'), '3']);
    await expect
      .poll(async () => (await api(page, (p) => p.listRuns())).find((r) => r.id === run.id)?.status, { timeout: 40_000 })
      .not.toBe('running');
    await openRunDetail(page, run.id);
    const lanes = page.getByTestId('thread-lanes');
    await expect(lanes).toHaveAttribute('data-shares', 'kernel');
    // The root and its four workers: a process lane and a thread lane each.
    await expect(lanes).toHaveAttribute('data-lanes', '10');
    await expect(page.locator('[data-testid^="lane-t"] rect[data-band="running"]').first()).toBeAttached();
    const chart = page.getByTestId('lane-cpu-chart');
    await expect(chart).toHaveAttribute('data-series', '5');
    await page.getByTestId('lanes-card').scrollIntoViewIfNeeded();
    await shot(page, `lanes-procs4-1440-${lang}`);
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('lanes-card').scrollIntoViewIfNeeded();
    await shot(page, `lanes-procs4-1024-${lang}`);
  }
});

test('a run’s process expanded before it starts its threads stays expanded, with a wait reason per thread', async ({ app, page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openIn(page, app, 'en');
  const run = await startCommand(page, [PY, join(WAITS, 'late_threads.py')]);
  await openRunDetail(page, run.id);
  const pid = run.rootPid!;
  const expander = page.getByTestId(`expand-${pid}`);
  await expect(expander).toHaveAttribute('aria-expanded', 'false');
  await expander.click();
  await expect(expander).toHaveAttribute('aria-expanded', 'true');
  // Once the three threads exist (a few ticks later), the user's choice still holds.
  await expect(page.locator(`[data-testid^="thread-row-"][data-pid="${pid}"]`)).toHaveCount(4, { timeout: 15_000 });
  await page.waitForTimeout(1500);
  await expect(expander).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator(`[data-testid^="thread-row-"][data-pid="${pid}"][data-wait="sleep"]`)).toHaveCount(4);
  await expander.click();
  await expect(page.locator(`[data-testid^="thread-row-"][data-pid="${pid}"]`)).toHaveCount(0);
  await page.getByTestId('stop-button').click();
});

test('Monitor, system scope: the same program started outside ProcLab gets the banner, every thread in lock wait', async ({
  app,
  page,
}) => {
  const child = spawn(PY, [join(WAITS, 'two_locks.py')], { stdio: 'ignore' });
  try {
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openIn(page, app, lang);
      await page.getByTestId('tab-monitor').click();
      await page.getByTestId('scope-system').click();
      const banner = page.locator(`[data-testid="deadlock-banner"][data-pid="${child.pid}"]`);
      await expect(banner).toBeVisible({ timeout: 20_000 });
      await expect(banner.getByTestId('deadlock-kill')).toBeVisible();
      await expect(banner.getByTestId('deadlock-stop-run')).toHaveCount(0);
      const table = page.getByTestId('proc-table-monitor');
      await page.getByTestId('table-search').fill(`pid:${child.pid}`);
      await expect(table.getByTestId(`proc-row-${child.pid}`)).toHaveAttribute('data-deadlock', 'suspected');
      await page.getByTestId(`expand-${child.pid}`).click();
      await expect(table.locator(`[data-testid^="thread-row-"][data-pid="${child.pid}"][data-wait="lock"]`)).toHaveCount(11, {
        timeout: 10_000,
      });
      await shot(page, `monitor-foreign-deadlock-1440-${lang}`, false);
      await page.setViewportSize({ width: 1024, height: 700 });
      await shot(page, `monitor-foreign-deadlock-1024-${lang}`, false);
      await page.getByTestId('table-search').fill('');
      await page.getByTestId('scope-runs').click();
    }
  } finally {
    child.kill('SIGKILL');
  }
});
