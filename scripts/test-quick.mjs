#!/usr/bin/env node
// `npm run test:quick`: the day-to-day tier. Lint, typecheck, every unit test, and the
// integration files that were measured quick (test/quick-integration.json); then the time it
// took. `npm test` stays the whole suite and CI's command.
//
// `npm run test:quick -- --refresh` re-decides the quick files from the per-file durations in
// the last whole run's report (test-results/integration.json, written by `npm test`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n) => join(root, 'node_modules', '.bin', n);
const LIST = join(root, 'test', 'quick-integration.json');
/** A file is quick when it took at most this long in the whole suite's run. */
const QUICK_MS = 4_500;

if (process.argv.includes('--refresh')) {
  const report = join(root, 'test-results', 'integration.json');
  if (!existsSync(report)) {
    console.error(`test:quick --refresh: no ${relative(root, report)}; run \`npm test\` first`);
    process.exit(2);
  }
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const measured = Object.fromEntries(
    j.testResults.map((f) => [relative(root, f.name), Math.round(f.endTime - f.startTime)]).sort((a, b) => a[1] - b[1]),
  );
  const quick = Object.entries(measured).filter(([, ms]) => ms <= QUICK_MS);
  writeFileSync(
    LIST,
    JSON.stringify({ measured: new Date(j.startTime).toISOString(), quickMs: QUICK_MS, files: Object.fromEntries(quick) }, null, 2) + '\n',
  );
  console.log(
    `${quick.length} of ${Object.keys(measured).length} integration files took ≤ ${QUICK_MS} ms: written to ${relative(root, LIST)}`,
  );
  process.exit(0);
}

const t0 = Date.now();
let failed = 0;
/** Runs one step; its output is printed when it ends, so two steps at once do not interleave. */
function step(name, cmd, args) {
  const s = Date.now();
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '1' } });
    const out = [];
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => out.push(d));
    p.on('close', (code) => {
      if (code !== 0) failed++;
      process.stdout.write(`\n=== ${name}\n${Buffer.concat(out).toString()}`);
      console.log(`=== ${name}: ${code === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - s) / 1000).toFixed(1)} s`);
      resolve();
    });
  });
}

const quickFiles = Object.keys(JSON.parse(readFileSync(LIST, 'utf8')).files);
// The same checks as `npm run lint`, with eslint's and prettier's caches: a day-to-day run
// re-checks only the files that changed (the first run fills the caches). Lint and typecheck
// run side by side (2 cores; neither needs the other), then the tests.
const cache = join(root, 'node_modules', '.cache', 'proclab-quick');
await Promise.all([
  (async () => {
    await step('eslint', bin('eslint'), ['--cache', '--cache-location', join(cache, 'eslint'), '.']);
    await step('prettier', bin('prettier'), [
      '--check',
      '--cache',
      '--log-level',
      'warn',
      'src/**/*.{ts,tsx}',
      'test/**/*.ts',
      'scenarios/**/*.{ts,js,mjs}',
    ]);
    await step('python', process.execPath, [join(root, 'scripts', 'check-python.mjs')]);
  })(),
  step('typecheck', 'npm', ['run', '--silent', 'typecheck']),
]);
await step('unit', bin('vitest'), ['run', '--project', 'unit']);
await step(`integration (${quickFiles.length} quick files)`, bin('vitest'), ['run', '--project', 'integration', ...quickFiles]);
console.log(`\n=== test:quick ${failed ? `FAILED (${failed} step(s))` : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
