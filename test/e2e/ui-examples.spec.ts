import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { EXAMPLE_NOTES, EXAMPLES } from '../../src/shared/examples';
import { openApp, shot } from './ui-helpers';

/** openApp keeps a language the page already chose; this switches it as a user would. */
async function openIn(page: Page, app: Parameters<typeof openApp>[1], lang: 'en' | 'zh'): Promise<void> {
  await openApp(page, app, 'playground', 'en');
  await page.evaluate((l) => {
    (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('proclab.lang', l);
  }, lang);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-lang', lang);
}

/** Opens an example from its concept's entry, runs it in the scratchpad and waits for what it prints. */
async function openAndRun(page: Page, id: string, concept: number, printed: string): Promise<void> {
  const button = page.getByTestId(`example-${id}`);
  await expect(page.getByTestId(`examples-${concept}`)).toContainText(await button.innerText());
  await button.scrollIntoViewIfNeeded();
  await button.click();
  await expect(page.getByTestId('scratchpad')).toBeVisible();
  const panel = page.getByTestId('run-panel');
  await page.getByTestId('scratch-run').click();
  await expect(panel).toHaveAttribute('data-status', 'finished', { timeout: 40_000 });
  await expect(page.getByTestId('run-log')).toContainText(printed);
}

test.describe("the seeds' examples of every concept", () => {
  test('each concept with an example offers it; the notes say what cannot be shown; two new examples run from their concept pages (en, zh; 1024×700 and 1440×900)', async ({
    app,
    page,
  }) => {
    test.setTimeout(240_000);
    for (const lang of ['en', 'zh'] as const) {
      await page.setViewportSize({ width: 1024, height: 700 });
      await openIn(page, app, lang);
      for (const c of new Set(EXAMPLES.map((e) => e.concept)))
        await expect(page.getByTestId(`examples-${c}`).getByRole('button')).toHaveCount(EXAMPLES.filter((e) => e.concept === c).length);
      for (const [c, note] of Object.entries(EXAMPLE_NOTES)) await expect(page.getByTestId(`example-note-${c}`)).toHaveText(note[lang]);
      await page.getByTestId('example-note-22').scrollIntoViewIfNeeded();
      await shot(page, `examples-catalogue-1024-${lang}`, false);

      // A queue's order, printed: the lesson is in the log.
      await openAndRun(page, '16-queue-kinds', 16, 'LIFO: [3, 2, 1]');
      await expect(page.getByTestId('run-log')).toContainText("PRIORITY: [(0, '333'), (10, '111'), (100, '222')]");
      // The Chinese of the comments and of the output must have glyphs even where the machine has no CJK font: the bundled one is in the list.
      await expect(page.locator('.code-editor .cm-scroller')).toHaveCSS('font-family', /Noto Sans SC/);
      await expect(page.getByTestId('run-log')).toHaveCSS('font-family', /Noto Sans SC/);
      await shot(page, `examples-16-queue-kinds-1024-${lang}`, false);
      await page.getByTestId('run-log').scrollIntoViewIfNeeded();
      await shot(page, `examples-16-queue-kinds-log-1024-${lang}`, false);

      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByTestId('example-note-18').scrollIntoViewIfNeeded();
      await shot(page, `examples-catalogue-1440-${lang}`, false);
      // Signals sent to itself: each handler's words in the log.
      await openAndRun(page, '21-signals', 21, 'exiting after step 6');
      for (const s of ['SIGHUP', 'SIGUSR1', 'SIGTERM']) await expect(page.getByTestId('run-log')).toContainText(`got ${s}`);
      await shot(page, `examples-21-signals-1440-${lang}`, false);
      await page.getByTestId('run-log').scrollIntoViewIfNeeded();
      await shot(page, `examples-21-signals-log-1440-${lang}`, false);
    }
  });
});
