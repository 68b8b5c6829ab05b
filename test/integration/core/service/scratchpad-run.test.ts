/**
 * The scratchpad's `run.code` through the real service (the browser-mode host started from
 * source cannot load the bundled lessons' import.meta.glob outside vite, so in-process): the user's program is written
 * into a folder of the run, started by the real interpreter with stdin closed, its output and
 * threads are recorded, its code is kept with the run and the folder goes with the run's end.
 * Bad input is refused with a clear reply and starts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunData, RunInfo } from '../../../../src/shared/model';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import type { RunsPage } from '../../../../src/shared/results';
import { waitFor } from '../../../helpers/wait-for';

const FOUR_THREADS = `import threading, time, sys
print("stdin:", repr(sys.stdin.read()))
def work(n):
    end = time.time() + 1.5
    while time.time() < end:
        time.sleep(0.01)
    print("done", n)
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
`;

describe('scratchpad runs (run.code)', () => {
  let svc: Proclab;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-scratch-'));
  const scratchDir = path.join(dataDir, 'scratch');
  // The same calls a host forwards: parsed by the contract first, then handled.
  const client = {
    call: (cmd: string, payload: unknown = {}): Promise<unknown> =>
      svc.handle(cmd as 'runs.list', payload as Record<string, never>).catch((e: { code: string; message: string; issues?: unknown }) => {
        throw { body: { code: e.code, message: e.message, issues: e.issues } };
      }),
  };
  beforeAll(async () => {
    svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500 });
  });
  afterAll(async () => {
    await svc?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function waitEnd(runId: string, ms = 30_000): Promise<RunData> {
    return waitFor(
      async () => {
        const d = (await client.call('runs.get', { runId })) as RunData;
        return d.info.status !== 'running' && d;
      },
      ms,
      { what: `run ${runId} to end`, intervalMs: 100 },
    );
  }

  it('runs a Python program with 4 threads under the real interpreter, stdin closed, and keeps its code', async () => {
    const info = (await client.call('run.code', { runtime: 'python', code: FOUR_THREADS })) as RunInfo;
    expect(info.status).toBe('running');
    expect(info.source).toEqual({ runtime: 'python', code: FOUR_THREADS });
    expect(info.cwd.startsWith(scratchDir)).toBe(true);
    expect(fs.readFileSync(path.join(info.cwd, 'main.py'), 'utf8')).toBe(FOUR_THREADS);
    // The real interpreter, not a shell launcher: the run's root is python itself.
    expect(fs.realpathSync(info.argv[0]!)).toMatch(/python[\d.]*$/);
    const d = await waitEnd(info.id);
    expect(d.info.status).toBe('finished');
    expect(d.info.exit?.code).toBe(0);
    const text = d.outputs.map((o) => o.text ?? '').join('\n');
    expect(text).toContain("stdin: ''");
    // Whole lines, as in a terminal: print's arguments are not interleaved between threads.
    const lines = d.outputs.map((o) => o.text ?? '');
    for (let i = 0; i < 4; i++) expect(lines).toContain(`done ${i}`);
    expect(Math.max(...d.samples.flatMap((s) => s.procs.map((p) => p.threads)))).toBeGreaterThanOrEqual(5);
    expect(d.info.source?.code).toBe(FOUR_THREADS);
    expect(fs.existsSync(info.cwd)).toBe(false);
  });

  it('runs a Node program written as an ES module', async () => {
    const code = `import { pid } from 'node:process';\nconsole.log('node pid', pid);\n`;
    const info = (await client.call('run.code', { runtime: 'node', code })) as RunInfo;
    const d = await waitEnd(info.id);
    expect(d.info.exit?.code).toBe(0);
    expect(d.outputs.map((o) => o.text ?? '').join('\n')).toContain(`node pid ${d.info.rootPid}`);
  });

  it('a stop ends a program that never ends, and its folder goes with it', async () => {
    const info = (await client.call('run.code', { runtime: 'python', code: 'import time\nwhile True: time.sleep(0.1)\n' })) as RunInfo;
    expect(fs.existsSync(info.cwd)).toBe(true);
    const stopped = (await client.call('run.stop', { runId: info.id })) as RunInfo;
    expect(stopped.status).toBe('stopped');
    expect(fs.existsSync(info.cwd)).toBe(false);
  });

  it('refuses bad input with a clear reply and starts nothing', async () => {
    const before = ((await client.call('runs.list')) as RunsPage).runs.length;
    const bad: Array<[unknown, RegExp]> = [
      [{ runtime: 'python', code: '' }, /empty/],
      [{ runtime: 'python', code: '   \n ' }, /empty/],
      [{ runtime: 'python', code: 'x = 1\n'.repeat(12_000) }, /larger than 64 KiB/],
      [{ runtime: 'ruby', code: 'puts 1' }, /runtime/],
      [{ runtime: 'python', code: 'print(1)', argv: ['sh'] }, /argv/],
      [{ runtime: 'python', code: 'print(1)', limits: { maxDurationMs: -5 } }, /maxDurationMs/],
    ];
    for (const [payload, message] of bad) {
      const e = (await client.call('run.code', payload).then(
        () => null,
        (err: { body: unknown }) => err.body,
      )) as { code: string; message: string; issues?: Array<{ path: string; message: string }> } | null;
      expect(e, JSON.stringify(payload).slice(0, 80)).not.toBeNull();
      expect(e!.code).toBe('invalid-payload');
      expect(`${e!.message} ${JSON.stringify(e!.issues ?? [])}`).toMatch(message);
    }
    expect(((await client.call('runs.list')) as RunsPage).runs.length).toBe(before);
    expect(fs.existsSync(scratchDir) ? fs.readdirSync(scratchDir) : []).toEqual([]);
  });
});
