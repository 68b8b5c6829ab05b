/**
 * The Python bootstrap changes nothing a lesson sees: a few lock scenarios' selfTest cases, run
 * through the real service with the bootstrap (the default) and without it (`bootstrap: false`),
 * must reach the same verdict outcome.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunData } from '../../../../src/shared/model';
import type { SelfTestCase } from '../../../../src/shared/scenario';
import { verdictOutcome } from '../../../../src/shared/verdict';
import { explain, withProclab } from '../../helpers/run-scenario';

const repo = resolve(__dirname, '..', '..', '..', '..');
/**
 * Scenarios whose lesson is about threading locks: a deadlock, an RLock, a counting semaphore,
 * lock waits. (ticket-race is left out: its buyers are forked processes racing on a file with a
 * multiprocessing.Lock, and whether they oversell depends on
 * the machine's timing; on the loaded machine it once sold none too many with the bootstrap.)
 */
const CASES: Array<{ id: string; index: number }> = [
  { id: 'deadlock', index: 0 },
  { id: 'deadlock', index: 2 },
  { id: 'semaphore', index: 0 },
  { id: 'gil-counter', index: 0 },
];

function selfTest(id: string, index: number): SelfTestCase {
  const m = JSON.parse(readFileSync(join(repo, 'scenarios', id, 'manifest.json'), 'utf8')) as { selfTest: SelfTestCase[] };
  const c = m.selfTest[index];
  if (!c) throw new Error(`${id}/manifest.json has no selfTest #${index + 1}`);
  return c;
}

function run(id: string, c: SelfTestCase, bootstrap: boolean): Promise<RunData> {
  return withProclab(async (p) => {
    const info = await p.handle('run.start', { scenarioId: id, runtime: 'python', params: c.params, bootstrap });
    return p.waitForRun(info.id, 5 * 60_000);
  });
}

describe('scenario self-tests with and without the Python bootstrap', () => {
  for (const { id, index } of CASES) {
    const c = selfTest(id, index);
    it(`${id} #${index + 1} ${JSON.stringify(c.params)}: the same lesson both ways`, async (ctx) => {
      const withIt = await run(id, c, true);
      const bare = await run(id, c, false);
      const a = withIt.info.verdict;
      const b = bare.info.verdict;
      expect(a, explain(withIt)).toBeTruthy();
      expect(b, explain(bare)).toBeTruthy();
      const [ga, gb] = [verdictOutcome(a!), verdictOutcome(b!)];
      // The shared machine may leave one run without evidence: that shows nothing either way.
      const machine = [a, b].find((v) => verdictOutcome(v!) === 'inconclusive' && v!.inconclusive?.cause === 'machine');
      if (ga !== gb && machine) {
        ctx.skip(`inconclusive here: ${machine.inconclusive!.text.en}`);
        return;
      }
      expect(ga, `with the bootstrap: ${explain(withIt)}\nwithout: ${explain(bare)}`).toBe(gb);
      expect(ga, explain(withIt)).toBe(c.expect?.outcome ?? 'pass');
    });
  }
});
