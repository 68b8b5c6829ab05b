#!/usr/bin/env node
// `npm test`: lint, typecheck, unit, integration, e2e — then one table of how many tests
// ran in each suite, and a closing "N passed, N failed, N skipped" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describeChromium, useChromium } from './find-chromium.mjs';
import { SUITE_VAR, endMarked, findMarked, newSuiteId } from './suite-leaks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n) => join(root, 'node_modules', '.bin', n);
const results = [];
let failedSteps = 0;
// Inherited by every process the suite starts, so the end can prove none of them is left.
const suiteId = newSuiteId();
mkdirSync(join(root, 'test-results'), { recursive: true });

/** Wall time of each step, for the summary: where the suite's minutes go. */
const took = [];

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${[cmd, ...args].map(rel).join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, [SUITE_VAR]: suiteId, ...env } });
  took.push([name, Date.now() - t0]);
  if (r.status !== 0) failedSteps++;
  return r.status === 0;
}

/** A repository path as the log shows it. */
const rel = (p) => p.replace(root + '/', '');

/** The first line of a failure message, without terminal colours, at most 300 characters. */
const firstLine = (m) =>
  stripVTControlCharacters(String(m ?? ''))
    .split('\n')
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 300) ?? '';

function vitestSuite(project) {
  const out = join(root, 'test-results', `${project}.json`);
  rmSync(out, { force: true });
  step(project, bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (!existsSync(out))
    return results.push({ suite: project, passed: 0, failed: 1, skipped: 0, skips: ['(no report: the suite did not run)'] });
  const j = JSON.parse(readFileSync(out, 'utf8'));
  const skips = j.testResults.flatMap((f) =>
    f.assertionResults
      .filter((a) => a.status === 'skipped' || a.status === 'pending')
      .map((a) => (a.meta?.skipReason ? `${a.fullName} — ${a.meta.skipReason}` : a.fullName)),
  );
  // Passed tests whose timing check a busy machine left undecided (test/helpers/machine.ts).
  for (const f of j.testResults)
    for (const a of f.assertionResults)
      if (a.meta?.inconclusive) console.log(`inconclusive (${project}): ${a.fullName} — ${a.meta.inconclusive}`);
  // Named again in the summary: a CI log is often read from its end.
  const failures = j.testResults.flatMap((f) =>
    f.assertionResults
      .filter((a) => a.status === 'failed')
      .map((a) => `${rel(f.name)} › ${a.fullName} — ${firstLine(a.failureMessages?.[0])}`),
  );
  for (const f of j.testResults)
    if (f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'))
      failures.push(`${rel(f.name)} — ${firstLine(f.message)}`);
  results.push({
    suite: project,
    passed: j.numPassedTests,
    failed: j.numFailedTests,
    skipped: j.numPendingTests + (j.numTodoTests ?? 0),
    skips,
    failures,
  });
}

function e2eSuite() {
  const out = join(root, 'test-results', 'e2e.json');
  rmSync(out, { force: true });
  if (!step('build', process.execPath, [join(root, 'scripts', 'ensure-build.mjs')]))
    return results.push({ suite: 'e2e', passed: 0, failed: 1, skipped: 0, skips: [] });
  step('e2e', bin('playwright'), ['test']);
  if (!existsSync(out))
    return results.push({ suite: 'e2e', passed: 0, failed: 1, skipped: 0, skips: ['(no report: the suite did not run)'] });
  const j = JSON.parse(readFileSync(out, 'utf8'));
  const skips = [];
  const failures = [];
  const walk = (s, path) => {
    for (const spec of s.specs ?? [])
      for (const t of spec.tests) {
        if (t.status === 'unexpected' || t.status === 'flaky')
          failures.push(
            `${[...path, spec.title].join(' › ')} — ${firstLine(t.results?.map((r) => r.error?.message ?? r.errors?.[0]?.message).find(Boolean))}`,
          );
        if (t.status === 'skipped')
          skips.push(
            `${[...path, spec.title].join(' › ')} — ${
              t.annotations
                .map((a) => a.description)
                .filter(Boolean)
                .join('; ') || 'no reason given'
            }`,
          );
      }
    for (const c of s.suites ?? []) walk(c, [...path, c.title]);
  };
  j.suites.forEach((s) => walk(s, [s.title]));
  results.push({
    suite: 'e2e',
    passed: j.stats.expected,
    failed: j.stats.unexpected + j.stats.flaky,
    skipped: j.stats.skipped,
    skips,
    failures,
  });
}

// Found once here, so every suite below drives the same Chromium and the log says which.
try {
  console.log(`=== ${describeChromium(useChromium({ quiet: true }))}`);
} catch (e) {
  console.log(`=== chromium: ${e.message}`);
}

if (step('lint', bin('eslint'), ['.']))
  step('format', bin('prettier'), ['--check', 'src/**/*.{ts,tsx}', 'test/**/*.ts', 'scenarios/**/*.{ts,js,mjs}']);
step('python', process.execPath, [join(root, 'scripts', 'check-python.mjs')]);
for (const cfg of ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.test.json'])
  step(`typecheck ${cfg}`, bin('tsc'), ['-p', cfg, '--noEmit']);
vitestSuite('unit');
vitestSuite('integration');
e2eSuite();

// A process still exiting (a browser closing) gets two seconds; anything after that is a leak.
async function leakCheck() {
  for (let i = 0; i < 20 && findMarked(suiteId).length; i++) await new Promise((r) => setTimeout(r, 100));
  const left = endMarked(suiteId);
  console.log(
    `\n=== leak check (${SUITE_VAR}=${suiteId}): ${left.length ? `${left.length} process(es) outlived the suite, killed:` : 'nothing the suite started is alive'}`,
  );
  for (const p of left) console.log(`  leaked pid ${p.pid} [${p.state}] ${p.cmd.slice(0, 200)}`);
  if (left.length) failedSteps++;
}
await leakCheck();

console.log('\n=== summary');
console.log('suite        passed  failed  skipped');
for (const r of results)
  console.log(`${r.suite.padEnd(12)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}`);
for (const r of results) for (const s of r.skips) console.log(`skipped (${r.suite}): ${s}`);
for (const r of results) for (const f of r.failures ?? []) console.log(`FAILED (${r.suite}): ${f}`);
console.log(`time: ${took.map(([n, ms]) => `${n} ${Math.round(ms / 1000)} s`).join(', ')}`);
const sum = (k) => results.reduce((a, r) => a + r[k], 0);
if (failedSteps) console.log(`${failedSteps} step(s) failed (lint, typecheck, a suite or the leak check): see above`);
console.log(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
process.exit(failedSteps || sum('failed') ? 1 : 0);
