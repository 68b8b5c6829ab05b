/**
 * Owners beyond Lock/RLock (Python bootstrap): a thread holding a Semaphore's only permit owns it in
 * the wait-for graph, so a cycle through a Semaphore and a Lock is found with both holders and
 * lines; a Condition.wait is a wait for a notify (named, no owner), not a lock. A real python3
 * program with the bootstrap on its PYTHONPATH prints the bootstrap's records once its threads wait.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownerCycle, ownerCycleText, type PyLocksReply } from '../../../../src/main/core/stacks/lock-owners';
import { REPO } from '../../cli-helpers';

const PROG = path.join(REPO, 'test/fixtures/waits/semaphore_cycle.py');

describe('lock owners for semaphores and conditions (Python bootstrap)', () => {
  it('a Semaphore/Lock cycle has both holders and lines; a Condition.wait is named, not owned', () => {
    const r = spawnSync('python3', [PROG], {
      env: { ...process.env, PYTHONPATH: path.join(REPO, 'python-bootstrap') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const reply = JSON.parse(r.stdout) as PyLocksReply;
    const byName = new Map(reply.threads.map((t) => [t.name, t]));
    const file = PROG;
    expect(byName.get('idle')?.wait).toEqual({ kind: 'condition', condition: 'cond', file, line: 18 });
    expect(byName.get('second')?.wait).toMatchObject({ kind: 'lock', file, line: 15 });
    const sem = reply.locks.find((l) => l.name === 'sem');
    expect(sem).toMatchObject({ kind: 'Semaphore', owner: { name: 'first' }, at: { file, line: 8 }, holders: [{ name: 'first' }] });
    const links = ownerCycle(reply);
    expect(links).not.toBeNull();
    expect(ownerCycleText(links!).en).toMatch(
      /^(first at semaphore_cycle\.py:10 waits for lock, held by second, which waits at semaphore_cycle\.py:15 for sem, held by first|second at semaphore_cycle\.py:15 waits for sem, held by first, which waits at semaphore_cycle\.py:10 for lock, held by second)$/,
    );
    const viaSem = links!.find((l) => l.lock === 'sem')!;
    expect(viaSem).toMatchObject({ holder: 'first', heldAt: { file, line: 8 }, holderAt: { file, line: 10 } });
  }, 90_000);
});
