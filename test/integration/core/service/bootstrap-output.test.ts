/**
 * The Python bootstrap (python-bootstrap/) on every run's PYTHONPATH: threads' print() lines
 * arrive whole and live (line-buffered, as in a terminal) through run.code and `proclab run --`,
 * native threads carry their Python names, the shadowed sitecustomize still runs, and
 * `--no-bootstrap` starts the program bare (PYTHONUNBUFFERED, no names).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import type { RunData, RunInfo } from '../../../../src/shared/model';
import { cli } from '../../cli-helpers';

/** 4 threads print at once, often: a tiny switch interval makes unbuffered prints interleave. */
const FOUR_THREADS = `import sys, threading
sys.setswitchinterval(1e-6)
b = threading.Barrier(4)
def work(n):
    b.wait()
    for _ in range(25):
        print('thread', n, 'done')
ts = [threading.Thread(target=work, args=(n,)) for n in range(4)]
for t in ts: t.start()
for t in ts: t.join()
`;

const WHOLE = /^thread [0-3] done$/;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-boot-'));
const srcDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-boot-src-'));
let svc: Proclab;
beforeAll(async () => {
  svc = await createProclab({ dataDir: path.join(dataDir, 'svc'), host: 'cli', intervalMs: 500 });
});
afterAll(async () => {
  await svc?.shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(srcDir, { recursive: true, force: true });
});

const logLines = (d: RunData): string[] => d.outputs.filter((o) => o.kind === 'log').map((o) => o.text ?? '');

describe('the Python bootstrap', () => {
  it('run.code: 4 threads printing print("thread", n, "done") give 100 whole lines', async () => {
    const info = (await svc.handle('run.code', { runtime: 'python', code: FOUR_THREADS })) as RunInfo;
    const d = await svc.waitForRun(info.id, 60_000);
    expect(d.info.exit?.code).toBe(0);
    const lines = logLines(d);
    expect(lines.filter((l) => !WHOLE.test(l))).toEqual([]);
    expect(lines).toHaveLength(100);
  }, 90_000);

  it('proclab run -- python3 prog.py: the same 100 whole lines', async () => {
    const prog = path.join(srcDir, 'four.py');
    fs.writeFileSync(prog, FOUR_THREADS);
    const r = await cli(['run', '--', 'python3', prog], path.join(dataDir, 'cli'));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('  │ '))
      .map((l) => l.replace(/^ {2}│ \[\d+\] /, ''));
    expect(lines.filter((l) => !WHOLE.test(l))).toEqual([]);
    expect(lines).toHaveLength(100);
  }, 90_000);

  it('names native threads after their Python names, runs the shadowed sitecustomize, and is invisible otherwise', async () => {
    const site = path.join(srcDir, 'site');
    fs.mkdirSync(site, { recursive: true });
    fs.writeFileSync(path.join(site, 'sitecustomize.py'), 'import builtins\nbuiltins.SHADOWED_RAN = True\n');
    const code = `import os, sys, threading, builtins
def comm():
    with open('/proc/self/task/%d/comm' % threading.get_native_id()) as f:
        print('comm', threading.current_thread().name, f.read().strip())
t = threading.Thread(target=comm, name='worker-0'); t.start(); t.join()
t = threading.Thread(target=comm, name='a-very-long-thread-name'); t.start(); t.join()
print('shadowed', getattr(builtins, 'SHADOWED_RAN', False))
print('threads', threading.active_count(), [x.name for x in threading.enumerate()])
print('env', 'PROCLAB_STACKS_FD' in os.environ, os.environ.get('PYTHONUNBUFFERED'))
print('path', any('python-bootstrap' in p for p in sys.path))
`;
    const prog = path.join(srcDir, 'names.py');
    fs.writeFileSync(prog, code);
    const run = async (bootstrap: boolean): Promise<string[]> => {
      const info = (await svc.handle('run.command', {
        argv: ['python3', prog],
        cwd: srcDir,
        ...(!bootstrap && { bootstrap: false }),
      })) as RunInfo;
      // The user's own PYTHONPATH is kept behind the bootstrap's.
      const d = await svc.waitForRun(info.id, 60_000);
      expect(d.info.exit?.code).toBe(0);
      return logLines(d);
    };
    const old = process.env.PYTHONPATH;
    process.env.PYTHONPATH = site;
    try {
      const on = await run(true);
      expect(on).toContain('comm worker-0 worker-0');
      expect(on).toContain('comm a-very-long-thread-name a-very-long-thr');
      expect(on).toContain('shadowed True');
      expect(on).toContain("threads 1 ['MainThread']");
      expect(on).toContain('env False None');
      expect(on).toContain('path False');
      const off = await run(false);
      expect(off).toContain('comm worker-0 python3');
      expect(off).toContain('shadowed True');
      expect(off).toContain('env False 1');
    } finally {
      if (old === undefined) delete process.env.PYTHONPATH;
      else process.env.PYTHONPATH = old;
    }
  }, 120_000);
});
