/// <reference types="vite/client" />
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_LESSONS } from '../../../../src/main/core/lessons/bundled';
import { lessonsFromModules } from '../../../../src/main/core/lessons';
import { loadScenarios } from '../../../../src/main/core/scenarios/registry';
import type { RunData } from '../../../../src/shared/model';
import type { SelfTestCase, SelfTestExpect } from '../../../../src/shared/scenario';
import { verdictOutcome } from '../../../../src/shared/verdict';
import { explain, runScenario } from '../../helpers/run-scenario';
import { waitFor } from '../../../helpers/wait-for';

declare module 'vitest' {
  interface TaskMeta {
    /** Why a test skipped itself at run time, for the summary of `npm test`. */
    skipReason?: string;
  }
}

/**
 * Every scenario × runtime × `selfTest` case of its manifest, run through the real service,
 * must show its lesson. The scenarios folder used is the repository's plus the fixture
 * scenarios of test/fixtures/scenarios, copied in as a newcomer would copy a folder: the
 * registry and this test pick them up with no other file changed.
 */
const repo = resolve(__dirname, '..', '..', '..', '..');
const fixtures = join(repo, 'test/fixtures/scenarios');
const dir = mkdtempSync(join(tmpdir(), 'proclab-scenarios-'));
for (const f of readdirSync(join(repo, 'scenarios'))) symlinkSync(join(repo, 'scenarios', f), join(dir, f));
// (the fixtures' _kit is a link to the real kit, so a fixture also runs where it lies)
for (const f of readdirSync(fixtures).filter((n) => !n.startsWith('_'))) cpSync(join(fixtures, f), join(dir, f), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Live processes whose command line names a scenario program of this suite (Node children name the real path). */
function leftovers(): string[] {
  const marks = [dir, join(repo, 'scenarios') + '/'];
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    if (Number(pid) === process.pid) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) continue;
    } catch {
      continue; // gone meanwhile
    }
    if (marks.some((m) => cmd.includes(m))) found.push(`${pid}: ${cmd.slice(0, 200)}`);
  }
  return found;
}

// No process a scenario started (servers, load clients, sources, workers) outlives the suite.
afterAll(async () => {
  if (process.platform !== 'linux') return;
  let left: string[] = [];
  await waitFor(() => (left = leftovers()).length === 0, 3000, 'scenario processes to end').catch(() => undefined);
  expect(left, 'scenario processes still alive after the suite').toEqual([]);
});

const lessons = new Map([
  ...BUNDLED_LESSONS,
  ...lessonsFromModules(import.meta.glob('../../../fixtures/scenarios/*/lesson.ts', { eager: true })),
]);
const source = { scenariosDir: dir, lessons };
const { scenarios, errors } = loadScenarios(dir, lessons);

it('every scenario folder (and the fixture) loads', () => {
  expect(errors).toEqual([]);
  expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(readdirSync(fixtures).filter((n) => !n.startsWith('_'))));
});

/** Neighbour processes that keep every core busy for a `load: "busy"` case; ended after each test. */
let neighbours: ChildProcess[] = [];
afterEach(() => {
  for (const n of neighbours) n.kill('SIGKILL');
  neighbours = [];
});
function keepCoresBusy(): void {
  for (let i = 0; i < availableParallelism(); i++) neighbours.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

function checkExpect(run: RunData, e: SelfTestExpect): void {
  const v = run.info.verdict!;
  for (const [name, b] of Object.entries(e.figures ?? {})) {
    const f = v.figures[name];
    expect(f, `figure ${name}`).toBeTypeOf('number');
    if (b.gt !== undefined) expect(f, name).toBeGreaterThan(b.gt);
    if (b.gte !== undefined) expect(f, name).toBeGreaterThanOrEqual(b.gte);
    if (b.lt !== undefined) expect(f, name).toBeLessThan(b.lt);
    if (b.lte !== undefined) expect(f, name).toBeLessThanOrEqual(b.lte);
  }
  const exits = run.events.filter((ev) => ev.kind === 'exited');
  const rootExit = exits.find((ev) => ev.pid === run.info.rootPid)?.exit?.at;
  if (e.childrenEndBeforeRoot !== undefined) {
    // The parent joined its children: the timeline must not show them ending after it.
    expect(rootExit).toBeTypeOf('number');
    const children = exits.filter((ev) => ev.ppid === run.info.rootPid);
    expect(children.length).toBeGreaterThanOrEqual(e.childrenEndBeforeRoot);
    for (const c of children) {
      expect(c.exit!.at, `child ${c.pid}`).toBeLessThanOrEqual(rootExit!);
      expect(c.ts, `child ${c.pid}'s timeline time`).toBeLessThan(rootExit!);
    }
  }
  if (e.endsAt === 'root') expect(run.info.endedAt).toBe(rootExit);
  if (e.endsAt === 'last') expect(run.info.endedAt).toBe(Math.max(...exits.map((ev) => ev.exit!.at)));
  if (e.minWallMs !== undefined) expect(run.info.endedAt! - run.info.startedAt).toBeGreaterThan(e.minWallMs);
  if (e.eventsInOrder) {
    // A journal written while the run went (events arrive as they are noticed) reads back in time order.
    const ts = run.events.map((ev) => ev.ts);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  }
}

for (const s of scenarios) {
  describe(`scenario ${s.id} (real engine)`, () => {
    if (!s.selfTest) {
      it('declares selfTest cases in its manifest', () =>
        expect.fail(`${s.id}/manifest.json has no "selfTest": every scenario needs small, fast cases`));
      return;
    }
    s.selfTest.forEach((c: SelfTestCase, i) => {
      for (const runtime of c.runtime ? [c.runtime] : (['python', 'node'] as const).filter((r) => s.runtimes[r])) {
        it(`${runtime} #${i + 1} ${JSON.stringify(c.params)}${c.load ? ` on a busy machine` : ''}`, async (ctx) => {
          if (c.load === 'busy') keepCoresBusy();
          const run = await runScenario(s.id, runtime, c.params, 500, source, c.signals);
          const v = run.info.verdict;
          expect(v, explain(run)).toBeTruthy();
          // What the run itself must show holds whatever the machine's load.
          if (c.expect) checkExpect(run, c.expect);
          const want = c.expect?.outcome ?? 'pass';
          const got = verdictOutcome(v!);
          // A quiet-machine case that the shared machine made inconclusive has shown nothing either way: say why, do not fail.
          if (want === 'pass' && got === 'inconclusive' && v!.inconclusive?.cause === 'machine') {
            const why = `inconclusive here: ${v!.inconclusive.text.en}`;
            ctx.task.meta.skipReason = why; // npm test's summary lists it (the JSON report keeps meta, not the note)
            ctx.skip(why);
          }
          expect(got, explain(run)).toBe(want);
          if (c.expect?.reason) expect(v!.inconclusive?.text.en, explain(run)).toMatch(new RegExp(c.expect.reason));
        });
      }
    });
  });
}
