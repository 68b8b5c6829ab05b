/**
 * `proclab run --code FILE [--lang python|node]` through the real CLI, service and interpreters:
 * the same `run.code` path as the scratchpad (temp folder, stdin closed, limits, the code saved
 * with the run); a bad file, a file too big or an unknown language is one line, exit 2, and no run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CODE_BYTES } from '../../../src/shared/commands';
import type { RunInfo } from '../../../src/shared/model';
import { cli } from '../cli-helpers';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-cli-code-'));
const srcDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-cli-code-src-'));
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(srcDir, { recursive: true, force: true });
});

function write(name: string, text: string | Buffer): string {
  const f = path.join(srcDir, name);
  fs.writeFileSync(f, text);
  return f;
}

const FOUR_THREADS = `import os, sys, threading, time
def work(n):
    time.sleep(1)
    print('thread', n, 'done', flush=True)
ts = [threading.Thread(target=work, args=(n,)) for n in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print('cwd is temp:', os.getcwd() != ${JSON.stringify(srcDir)}, flush=True)
print('stdin:', repr(sys.stdin.read()))
`;

async function runIds(): Promise<string[]> {
  const r = await cli(['runs', '--json'], dataDir);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as RunInfo[]).map((x) => x.id);
}

describe('proclab run --code', () => {
  it('runs a Python file as the scratchpad does, prints its output and summary, and saves its code with the run', async () => {
    // A name that says nothing of its language: --lang does.
    const file = write('four-threads.txt', FOUR_THREADS);
    const r = await cli(['run', '--code', file, '--lang', 'python', '--json'], dataDir);
    expect(r.code, r.stderr).toBe(0);
    // Whole lines, as in a terminal (the bootstrap's line-buffered output), not "threadthread 3 2 donedone".
    for (let n = 0; n < 4; n++) expect(r.stderr).toMatch(new RegExp(`^  │ \\[\\d+\\] thread ${n} done$`, 'm'));
    expect(r.stderr).toContain('cwd is temp: True');
    expect(r.stderr).toContain("stdin: ''");
    const { info, summary } = JSON.parse(r.stdout) as { info: RunInfo; summary: { speedup: unknown; efficiency: unknown } };
    expect(info).toMatchObject({ runtime: 'python', status: 'finished', scenarioId: null, name: 'four-threads.txt · python' });
    expect(info.source).toEqual({ runtime: 'python', code: FOUR_THREADS });
    expect(info.limits?.maxDurationMs).toBeGreaterThan(0);
    expect(summary).toMatchObject({ speedup: null, efficiency: null });
    expect(await runIds()).toContain(info.id);
  });

  it('runs a Node file (language from its name), prints the text summary and ends with the program’s own exit code', async () => {
    const file = write('exit3.mjs', "import { pid } from 'node:process';\nconsole.log('node pid', pid);\nprocess.exitCode = 3;\n");
    const r = await cli(['run', '--code', file], dataDir);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/node pid \d+/);
    expect(r.stdout).toContain('exit3.mjs · node');
    expect(r.stdout).toMatch(/exit 3\b/);
  });

  it('applies the limits it is given: --timeout ends a program that would run on', async () => {
    const file = write('sleeps.py', 'import time\ntime.sleep(60)\n');
    const r = await cli(['run', '--code', file, '--timeout', '2s', '--json'], dataDir);
    expect(r.code).not.toBe(0);
    const { info } = JSON.parse(r.stdout) as { info: RunInfo };
    expect(info.outcome?.cause).toBe('timeout');
  });

  describe('bad input', () => {
    let before: string[] = [];
    beforeAll(async () => {
      before = await runIds();
    });
    it.each([
      ['a missing file', () => ['--code', path.join(srcDir, 'nope.py')], /no such file/],
      ['a folder', () => ['--code', srcDir], /not a regular file/],
      ['a file too big', () => ['--code', write('big.py', '#'.repeat(MAX_CODE_BYTES + 1))], /more than the 64 KiB/],
      ['an empty file', () => ['--code', write('empty.py', '  \n')], /the program is empty/],
      ['a file that is not UTF-8', () => ['--code', write('latin1.py', Buffer.from([0x70, 0x72, 0xe9, 0x0a]))], /not UTF-8/],
      ['an unknown extension', () => ['--code', write('prog.rb', 'puts 1\n')], /cannot tell its language/],
      ['an unknown --lang', () => ['--code', write('ok.py', 'print(1)\n'), '--lang', 'ruby'], /bad --lang "ruby": use python or node/],
      ['--lang without --code', () => ['--lang', 'python', '--', 'true'], /--lang is for --code/],
      ['--code with a scenario', () => ['cpu-bound', '--code', write('ok2.py', 'print(1)\n')], /give one of a scenario/],
      ['--code with --param', () => ['--code', write('ok3.py', 'print(1)\n'), '--param', 'workers=2'], /not for --code/],
    ])('%s: one line, exit 2', async (_what, args, message) => {
      const r = await cli(['run', ...args()], dataDir);
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^proclab: /);
      expect(lines[0]).toMatch(message);
    });
    it('changes nothing: none of them made a run', async () => {
      expect(await runIds()).toEqual(before);
    });
  });
});
