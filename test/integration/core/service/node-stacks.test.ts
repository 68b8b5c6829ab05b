/**
 * Stacks of the Node programs ProcLab starts (node-bootstrap/, `process.stacks`): the main thread's
 * and each worker's JS frames while they are busy, a worker in Atomics.wait answered (frames or a
 * reason, never a hang), a worker blocked in a sync native call said so; the listener worker is not
 * one of the program's threads, and the program's output and exit code are those it has without it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelOf } from '../../../../src/main/core/stacks/py-channel';
import { LISTENER_COMM } from '../../../../src/main/core/procfs/hidden-threads';
import { formatStacks } from '../../../../src/main/cli/commands/stacks';
import { mergeRunPages } from '../../../../src/shared/api';
import { PAGE_LIMITS } from '../../../../src/shared/paging';
import type { RunData, RunInfo } from '../../../../src/shared/model';
import type { ProcessStacks, StackFrame, ThreadStacks } from '../../../../src/shared/stacks';
import { tempService } from '../../helpers/temp-service';
import { REPO } from '../../cli-helpers';
import { waitFor } from '../../engine-helpers';
import { expectWithin, watchMachine } from '../../../helpers/machine';

const FIXTURES = path.join(REPO, 'test/fixtures/node-stacks');
const MAIN = path.join(FIXTURES, 'main.js');
const lineOf = (file: string, marker: string): number =>
  fs
    .readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(marker)) + 1;
const MAIN_LOOP = lineOf('main.js', '// main loop');
const WORKER_LOOP = lineOf('spinner.js', '// worker loop');
const WAITER_LINE = lineOf('waiter.js', '// waiter line');

const service = tempService('proclab-nodestk-');
const dir = service.dir;

/** A fresh folder with the FIFO the reader worker blocks on. */
function workDir(name: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d);
  execFileSync('mkfifo', [path.join(d, 'fifo')]);
  return d;
}

/** Ends the program: its loops see `stop`, the reader gets a writer. */
async function finish(d: string): Promise<void> {
  fs.writeFileSync(path.join(d, 'stop'), '');
  await fs.promises.writeFile(path.join(d, 'fifo'), 'bye\n');
}

const ownTop = (t: ThreadStacks | undefined, file: string): StackFrame | undefined =>
  t?.js?.find((f) => f.file === path.join(FIXTURES, file));
const byFile = (s: ProcessStacks, file: string): ThreadStacks | undefined => s.threads.find((t) => !!ownTop(t, file));
const outputs = (d: RunData): string[] =>
  d.outputs
    .map((o) => o.text ?? '')
    .filter(Boolean)
    .sort();

describe('stacks of a Node program ProcLab starts', () => {
  it("the main thread's and the busy worker's JS frames at their loops; Atomics.wait answered; a sync open said; the listener hidden; output and exit unchanged", async (ctx) => {
    const d = workDir('with');
    const info = (await service.svc.handle('run.command', { argv: ['node', MAIN, d], cwd: d })) as RunInfo;
    const pid = info.rootPid!;
    const ch = channelOf(pid);
    expect(ch?.runtime).toBe('node');
    // The listener says hello once its worker is up (the supervisor waits for it only briefly).
    await waitFor(() => ch!.listenerTid !== null, 20_000, "the listener's hello");
    const listener = ch!.listenerTid;

    // Workers start a moment after the main thread: ask until the three are there and running JS.
    let s: ProcessStacks | null = null;
    // The ask that found them all is timed (the earlier ones overlap the workers' start-up).
    let askedMs = 0;
    let machine = watchMachine();
    await waitFor(
      async () => {
        const t0 = Date.now();
        machine = watchMachine();
        s = await service.svc.handle('process.stacks', { pid });
        askedMs = Date.now() - t0;
        return !!byFile(s, 'spinner.js') && !!byFile(s, 'waiter.js') && s.threads.some((t) => t.jsWhy);
      },
      30_000,
      'the main thread and its workers in the stacks',
    );
    const got = s! as ProcessStacks;
    expect(got.sources.node).toEqual({ ok: true, via: 'bootstrap' });

    const main = got.threads.find((t) => t.tid === pid)!;
    expect(main.ident).toBe(0);
    expect(ownTop(main, 'main.js')).toMatchObject({
      function: 'spin',
      line: MAIN_LOOP,
      source: expect.stringContaining('while (!fs.existsSync(stop))'),
    });

    const spinner = byFile(got, 'spinner.js')!;
    expect(spinner.tid).not.toBe(pid);
    expect(ownTop(spinner, 'spinner.js')).toMatchObject({ function: 'work', line: WORKER_LOOP });

    // V8 wakes a thread in Atomics.wait for the pause: its frame is the wait's line.
    const waiter = byFile(got, 'waiter.js')!;
    expect(ownTop(waiter, 'waiter.js')).toMatchObject({ line: WAITER_LINE });

    // The reader sits in the kernel's open(): it cannot pause, and says so rather than hanging the request.
    const blocked = got.threads.filter((t) => t.jsWhy);
    expect(blocked).toHaveLength(1);
    expect(blocked[0]!.js ?? []).toEqual([]);
    expect(blocked[0]!.jsWhy).toMatch(/no JS/);
    expect(blocked[0]!.tid).not.toBe(pid);
    // A blocked thread costs its 1 s pause timeout; 3 s is the engine's reply bound.
    expectWithin(ctx, askedMs, 3000, 'the stacks request', machine.stop());
    expect(got.unjoined ?? []).toEqual([]);

    // Every JS thread is joined to a distinct native thread, and the listener is none of them.
    const jsTids = got.threads.filter((t) => t.js?.length || t.jsWhy).map((t) => t.tid);
    expect(new Set(jsTids).size).toBe(4);
    expect(got.threads.map((t) => t.tid)).not.toContain(listener);
    expect(got.threads.map((t) => t.name)).not.toContain(LISTENER_COMM);

    // The CLI's text names the source and the frames (proclab stacks formats this same object).
    const text = formatStacks(got);
    expect(text).toContain('JS frames: from bootstrap');
    expect(text).toContain(`spin (${MAIN}:${MAIN_LOOP})`);
    expect(text).toMatch(/\(.*no JS.*\)/);

    await finish(d);
    const data = await service.svc.waitForRun(info.id, 60_000);
    const all = mergeRunPages([await service.svc.handle('runs.get', { runId: info.id, limit: PAGE_LIMITS.runData.max })]);
    const rows = all.samples.flatMap((x) => x.threads ?? []).filter((t) => t.pid === pid);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((t) => t.tid)).not.toContain(listener);
    expect(rows.map((t) => t.name)).not.toContain(LISTENER_COMM);

    // The same program without the preload: the same lines and exit code.
    const bare = workDir('bare');
    const info2 = (await service.svc.handle('run.command', { argv: ['node', MAIN, bare], cwd: bare, bootstrap: false })) as RunInfo;
    expect(channelOf(info2.rootPid!)).toBeUndefined();
    const s2 = await service.svc.handle('process.stacks', { pid: info2.rootPid! });
    expect(s2.sources.node.ok).toBe(false);
    await finish(bare);
    const data2 = await service.svc.waitForRun(info2.id, 60_000);
    expect(data.info.exit?.code).toBe(3);
    expect(data2.info.exit?.code).toBe(3);
    expect(outputs(data)).toEqual(['main done', 'reader got bye', 'spinner done', 'waiter done']);
    expect(outputs(data)).toEqual(outputs(data2));
  }, 120_000);

  it('the scratchpad’s Node code runs with the preload: it ends at once (the listener keeps nothing alive), prints nothing of ProcLab’s, sees no channel variable', async (ctx) => {
    const machine = watchMachine();
    const code =
      "console.log('preload', /proclab-preload/.test(process.env.NODE_OPTIONS || ''), 'fd', process.env.PROCLAB_STACKS_FD === undefined);\n";
    const info = (await service.svc.handle('run.code', { runtime: 'node', code })) as RunInfo;
    const data = await service.svc.waitForRun(info.id, 30_000);
    expect(data.info.exit?.code).toBe(0);
    expect(outputs(data)).toEqual(['preload true fd true']);
    expectWithin(ctx, data.info.endedAt! - data.info.startedAt, 10_000, 'the one-line program', machine.stop());
  }, 60_000);

  it('a program that uses the inspector itself keeps it: ProcLab does not pause it and says why', async () => {
    const d = path.join(dir, 'own');
    fs.mkdirSync(d);
    const prog = path.join(d, 'own.js');
    fs.writeFileSync(
      prog,
      [
        "const fs = require('fs');",
        "const s = new (require('inspector').Session)();",
        's.connect();',
        "s.post('Debugger.enable');",
        "const stop = require('path').join(__dirname, 'stop');",
        "const t = setInterval(() => { if (fs.existsSync(stop)) { clearInterval(t); console.log('own done'); } }, 20);",
        '',
      ].join('\n'),
    );
    const info = (await service.svc.handle('run.command', { argv: ['node', prog], cwd: d })) as RunInfo;
    const pid = info.rootPid!;
    await waitFor(() => channelOf(pid)?.listenerTid != null, 20_000, "the listener's hello");
    const s = await service.svc.handle('process.stacks', { pid });
    expect(s.sources.node.ok).toBe(false);
    expect(s.sources.node.why).toContain('the program uses the inspector itself');
    fs.writeFileSync(path.join(d, 'stop'), '');
    const data = await service.svc.waitForRun(info.id, 30_000);
    expect(data.info.exit?.code).toBe(0);
    expect(outputs(data)).toEqual(['own done']);
  }, 60_000);

  it("the TypeScript side's listener name is the Node listener's", () => {
    const js = fs.readFileSync(path.join(REPO, 'node-bootstrap/proclab-listener.cjs'), 'utf8');
    expect(/^const LISTENER_NAME = '([^']+)'/m.exec(js)?.[1]).toBe(LISTENER_COMM);
  });
});
