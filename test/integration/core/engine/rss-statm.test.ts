/** A run's RSS is the figure ps shows (statm), not stat's approximate rss field. */
import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { FIXTURES, harness, row, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

it('the RSS of a run process agrees with `ps -o rss` within 1 % (a small process, where the rss field of stat is several % low)', async () => {
  h = await harness({ intervalMs: 250 });
  // A small process (`sleep`, ~1.5 MiB), where stat's approximate counter is furthest off: it lags
  // by up to a batch of pages per CPU, 5–15 % of such a process.
  const { pid } = await h.engine.launch({ runId: 'rss', argv: ['sleep', '30'], cwd: FIXTURES });
  let ev = await h.engine.tickNow();
  for (let i = 0; i < 100 && !(row(ev.processes, pid)?.rss ?? 0); i++) ev = await h.engine.tickNow();
  const ours = row(ev.processes, pid)!.rss / 1024;
  const ps = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
  expect(Math.abs(ours - ps) / ps).toBeLessThan(0.01);
  await h.engine.stopRun('rss');
}, 40_000);
