import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { RunInfo } from '../../src/shared/model';
import { api, attrs, openApp, shot } from './ui-helpers';

/** openApp keeps a language the page already chose; this switches it as a user would. */
async function openIn(page: Page, app: Parameters<typeof openApp>[1], tab: 'playground' | 'monitor', lang: 'en' | 'zh'): Promise<void> {
  await openApp(page, app, tab, 'en');
  await page.evaluate((l) => {
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('proclab.lang', l);
  }, lang);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-lang', lang);
}

/** The innermost Python frame's line of every thread the panel lists. */
async function topLines(panel: Locator): Promise<string[]> {
  const threads = await panel.locator('[data-testid^="stacks-thread-"]').all();
  const out: string[] = [];
  for (const th of threads) {
    const first = th.locator('[data-testid="stacks-python"] [data-testid="stack-frame"]').first();
    if (await first.count()) out.push((await first.getAttribute('data-line')) ?? '');
  }
  return out;
}

// Lines of src/shared/examples/13-two-lock-deadlock.py: func1 takes A (16) then B (18); func2 takes B (26) then A (29).
const WAIT_B_IN_FUNC1 = '18';
const WAIT_A_IN_FUNC2 = '29';

test.describe('stacks and lock owners in the UI', () => {
  test('the two-lock deadlock example: the banner names owners and lines, the Stacks panel shows every waiting thread, a click moves the editor', async ({
    app,
    page,
  }) => {
    test.setTimeout(240_000);
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openIn(page, app, 'playground', lang);
      await page.getByTestId('example-13-two-lock-deadlock').click();
      await expect(page.getByTestId('code-editor')).toContainText('mutexA = Lock()');
      await page.getByTestId('scratch-run').click();
      const panel = page.getByTestId('run-panel');
      await expect(panel).toHaveAttribute('data-status', 'running');

      // The banner: each waiting thread, where it waits, for which lock, held by whom.
      const banner = page.getByTestId('deadlock-banner');
      await expect(banner).toBeVisible({ timeout: 20_000 });
      const owners = banner.getByTestId('deadlock-owner');
      await expect(owners).toHaveCount(2, { timeout: 10_000 });
      await expect(owners.first()).toContainText(
        lang === 'en'
          ? /Thread-\d+ at main\.py:\d+ waits for mutex[AB], held by Thread-\d+/
          : /Thread-\d+ 在 main\.py:\d+ 等待 mutex[AB]，它被 Thread-\d+ 持有/,
      );
      // Each waiting thread's own line is a link into the scratchpad.
      const waitSites = await Promise.all(
        (await owners.all()).map((o) => o.getByTestId('deadlock-site').first().getAttribute('data-line')),
      );
      expect(waitSites.sort()).toEqual([WAIT_B_IN_FUNC1, WAIT_A_IN_FUNC2]);
      // The cycle is A→B→A: each thread's holder is the other waiting thread.
      const threads = await attrs(owners, 'data-thread');
      const holders = await attrs(owners, 'data-holder');
      expect([...holders].sort()).toEqual([...threads].sort());

      // The Stacks panel of the run's process: both threads of the cycle wait at their lines (the rest at line 16).
      const stacks = page.getByTestId('run-stacks').getByTestId('stacks-panel');
      await expect(stacks).toBeVisible();
      await expect(stacks.getByTestId('stacks-source-python')).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
      // Main thread + 10 (a thread that has not yet reached its wait shows up on a Refresh).
      await expect
        .poll(
          async () => {
            const lines = await topLines(stacks);
            if (!(lines.includes(WAIT_B_IN_FUNC1) && lines.includes(WAIT_A_IN_FUNC2))) await stacks.getByTestId('stacks-refresh').click();
            return lines.filter((l) => l === WAIT_B_IN_FUNC1 || l === WAIT_A_IN_FUNC2).sort();
          },
          { timeout: 20_000 },
        )
        .toEqual([WAIT_B_IN_FUNC1, WAIT_A_IN_FUNC2]);
      await expect(stacks.locator('[data-testid^="stacks-thread-"]')).toHaveCount(11);
      const waitingA = stacks.locator(`[data-testid="stack-frame"][data-line="${WAIT_A_IN_FUNC2}"]`).first();
      await expect(waitingA).toContainText('func2');
      await expect(waitingA).toContainText('mutexA.acquire()');
      // What is not available is said in the UI's language (gdb is only asked for on request).
      await expect(stacks.getByTestId('stacks-source-native')).toContainText(lang === 'en' ? 'not asked' : '未请求');
      await stacks.scrollIntoViewIfNeeded();
      await shot(page, `stacks-run-1440-${lang}`, false);
      await banner.scrollIntoViewIfNeeded();
      await shot(page, `stacks-banner-1440-${lang}`, false);

      // A click on a frame of the program's own file: the editor's cursor goes to that line, highlighted.
      const editor = page.getByTestId('code-editor');
      await waitingA.getByTestId('stack-frame-link').click();
      await expect(editor).toHaveAttribute('data-cursor-line', WAIT_A_IN_FUNC2);
      await expect(editor.getByTestId('frame-line')).toContainText('mutexA.acquire()');
      await expect(editor).toBeInViewport();
      await shot(page, `stacks-editor-line-1440-${lang}`, false);
      // And a line in the banner.
      await banner.locator(`[data-testid="deadlock-site"][data-line="${WAIT_B_IN_FUNC1}"]`).first().click();
      await expect(editor).toHaveAttribute('data-cursor-line', WAIT_B_IN_FUNC1);
      await expect(editor.getByTestId('frame-line')).toContainText('mutexB.acquire()');

      // The lock-order inversion, with both pairs of lines.
      const potential = page.getByTestId('potential-deadlock');
      await expect(potential.first()).toBeVisible({ timeout: 10_000 });
      await expect(potential.first().getByTestId('potential-order')).toHaveCount(2);
      await expect(potential.first().getByTestId('deadlock-site')).toHaveCount(4);

      await page.setViewportSize({ width: 1024, height: 700 });
      await banner.scrollIntoViewIfNeeded();
      await shot(page, `stacks-banner-1024-${lang}`, false);
      await stacks.scrollIntoViewIfNeeded();
      await shot(page, `stacks-run-1024-${lang}`, false);
      await banner.getByTestId('deadlock-stop-run').click();
      await expect(panel).toHaveAttribute('data-status', 'stopped', { timeout: 15_000 });
      await expect(page.getByTestId('run-stacks')).toContainText(lang === 'en' ? 'The run has ended' : '运行已结束');
    }
  });

  test("the Monitor's details pane reads a process's stacks on request", async ({ app, page }) => {
    const code = [
      'import threading, time',
      '',
      'def sleeper():',
      '    time.sleep(120)',
      '',
      "t = threading.Thread(target=sleeper, name='sleeper')",
      't.start()',
      't.join()',
      '',
    ].join('\n');
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openIn(page, app, 'monitor', lang);
      const run = await api<RunInfo>(page, (p, c) => p.runCode({ runtime: 'python', code: c as string }), code);
      try {
        const root = page.getByTestId('proc-table-monitor').getByTestId(`proc-row-${run.rootPid}`);
        await expect(root).toBeVisible({ timeout: 10_000 });
        await root.click();
        const pane = page.getByTestId('details-pane');
        await expect(pane).toBeVisible();
        await expect(pane.getByTestId('stacks-panel')).toHaveCount(0);
        await pane.getByTestId('details-stacks-toggle').click();
        const stacks = pane.getByTestId('stacks-panel');
        await expect(stacks.getByTestId('stacks-source-python')).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
        const sleeper = stacks.locator('[data-testid^="stacks-thread-"][data-name="sleeper"]');
        // The thread may not have reached its sleep at the first read: Refresh until it has.
        await expect
          .poll(
            async () => {
              const text = (await sleeper.count()) ? await sleeper.innerText() : '';
              if (!text.includes('sleeper')) await stacks.getByTestId('stacks-refresh').click();
              return (
                (await sleeper
                  .locator('[data-testid="stack-frame"]')
                  .first()
                  .getAttribute('data-line')
                  .catch(() => null)) ?? ''
              );
            },
            { timeout: 15_000 },
          )
          .toBe('4');
        await expect(sleeper).toContainText('time.sleep(120)');
        // Every source says what it gave or why not, in the UI's language.
        for (const s of ['python', 'kernel', 'native'])
          await expect(stacks.getByTestId(`stacks-source-${s}`)).toContainText(lang === 'en' ? /✓ via|not available/ : /✓ 来自|不可用/);
        await stacks.scrollIntoViewIfNeeded();
        await shot(page, `stacks-details-1440-${lang}`, false);
        await page.setViewportSize({ width: 1024, height: 700 });
        await stacks.scrollIntoViewIfNeeded();
        await shot(page, `stacks-details-1024-${lang}`, false);
      } finally {
        await api(page, (p, id) => p.stopRun({ runId: id as string }), run.id);
      }
    }
  });

  test("a Node run's JS stacks: the busy main thread at its loop, a worker in Atomics.wait, no Python row", async ({ app, page }) => {
    const code = [
      "const { Worker } = require('worker_threads');",
      'const flag = new Int32Array(new SharedArrayBuffer(4));',
      'new Worker("Atomics.wait(new Int32Array(require(\'worker_threads\').workerData), 0, 0);", { eval: true, workerData: flag.buffer });',
      'function spin() {',
      '  const end = Date.now() + 120000;',
      '  while (Date.now() < end) {}',
      '}',
      'setTimeout(spin, 0);',
      '',
    ].join('\n');
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openIn(page, app, 'monitor', lang);
      const run = await api<RunInfo>(page, (p, c) => p.runCode({ runtime: 'node', code: c as string }), code);
      try {
        const root = page.getByTestId('proc-table-monitor').getByTestId(`proc-row-${run.rootPid}`);
        await expect(root).toBeVisible({ timeout: 10_000 });
        await root.click();
        const pane = page.getByTestId('details-pane');
        await pane.getByTestId('details-stacks-toggle').click();
        const stacks = pane.getByTestId('stacks-panel');
        await expect(stacks.getByTestId('stacks-source-node')).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
        await expect(stacks.getByTestId('stacks-source-python')).toHaveCount(0);
        const main = stacks.getByTestId(`stacks-thread-${run.rootPid}`);
        // The worker starts a moment after the main thread: Refresh until both are there.
        await expect
          .poll(
            async () => {
              const n = await stacks.locator('[data-testid="stacks-node"]').count();
              if (n < 2) await stacks.getByTestId('stacks-refresh').click();
              return n;
            },
            { timeout: 20_000 },
          )
          .toBe(2);
        await expect(main.locator('[data-testid="stacks-node"] [data-testid="stack-frame"]').first()).toHaveAttribute('data-line', '6');
        await expect(main).toContainText('spin');
        // The worker in Atomics.wait is woken for the pause: its frame is the eval'd line.
        await expect(stacks).toContainText('[worker eval]:1');
        await stacks.scrollIntoViewIfNeeded();
        await shot(page, `stacks-node-1440-${lang}`, false);
        await page.setViewportSize({ width: 1024, height: 700 });
        await stacks.scrollIntoViewIfNeeded();
        await shot(page, `stacks-node-1024-${lang}`, false);
      } finally {
        await api(page, (p, id) => p.stopRun({ runId: id as string }), run.id);
      }
    }
  });
});
