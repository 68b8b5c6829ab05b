import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios, pythonExecutable } from '../../../../src/main/core/scenarios/registry';

// The programs' kit (scenarios/_kit), through the fixture scenario of ARCHITECTURE.md's
// "Add a scenario": parameters come from its manifest, once, for both runtimes.
const fixture = resolve(__dirname, '..', '..', '..', 'fixtures', 'scenarios', 'hello-kit');
const runtimes = {
  python: (args: string[]) => spawnSync(pythonExecutable(), [join(fixture, 'main.py'), ...args], { cwd: tmpdir(), encoding: 'utf8' }),
  node: (args: string[]) => spawnSync(process.execPath, [join(fixture, 'main.js'), ...args], { cwd: tmpdir(), encoding: 'utf8' }),
};
const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.each(Object.entries(runtimes))('the %s kit', (_name, run) => {
  it('--help from any folder prints the manifest parameters with their bounds and defaults', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Hello from the kit');
    expect(r.stdout).toMatch(/--count.*Greetings.*1 to 20.*default 3/s);
    expect(r.stdout).toMatch(/--word/);
    expect(r.stdout).toMatch(/--loud/);
  });

  it('parses typed values, fills defaults, and the protocol helpers write one object per line (marks with pid and tid)', () => {
    const r = run(['--count', '2', '--loud', 'true', '--pause_ms', '0']);
    expect(r.status, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toEqual({ ev: 'progress', done: 0, total: 2 });
    const marks = out.filter((o) => o.ev === 'mark');
    expect(marks.map((m) => m.label)).toEqual(['HELLO #1', 'HELLO #2']);
    for (const m of marks) {
      expect(m.pid).toBe(r.pid);
      expect(m.tid).toBeTypeOf('number');
    }
    expect(out.at(-1)).toEqual({ ev: 'result', greeted: 2, word: 'HELLO' });
  });

  it('refuses a value outside its bounds, naming the parameter, and an unknown option', () => {
    const r = run(['--count', '99']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/count.*between 1 and 20/);
    expect(r.stdout).toBe('');
    expect(run(['--word', 'bonjour']).stderr).toMatch(/word/);
    expect(run(['--loud', 'maybe']).stderr).toMatch(/true or false/);
    expect(run(['--nope', '1']).status).toBe(2);
  });
});

describe('every scenario program', () => {
  const { scenarios } = loadScenarios(resolve(__dirname, '..', '..', '..', '..', 'scenarios'));
  for (const s of scenarios)
    for (const rt of ['python', 'node'] as const) {
      const entry = s.runtimes[rt]?.entry;
      if (!entry) continue;
      it(`${s.id} (${rt}) answers --help from another folder with its manifest's title and parameters`, () => {
        const exe = rt === 'python' ? pythonExecutable() : process.execPath;
        const r = spawnSync(exe, [join(s.dir, entry), '--help'], { cwd: tmpdir(), encoding: 'utf8', timeout: 30_000 });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toContain(s.title.en);
        for (const p of s.params.filter((q) => !q.runtimes || q.runtimes.includes(rt))) expect(r.stdout).toContain(`--${p.name}`);
      });
    }
});
