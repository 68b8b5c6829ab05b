/**
 * Large replies come in pages, through the real service and real runs: more runs than one page
 * are all read back through runs.list's cursors (and by the API's listRuns and the CLI's
 * `proclab runs`, which page on their own), a run's samples and output through runs.get's, and a
 * bad cursor or page size is refused with a clear reply and changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../../src/main/cli/main';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import { createProclabApi, mergeRunPages } from '../../../../src/shared/api';
import type { CommandName } from '../../../../src/shared/commands';
import type { RunInfo } from '../../../../src/shared/model';
import { allPages } from '../../../../src/shared/paging';
import type { RunDataPage, RunsPage } from '../../../../src/shared/results';

const RUNS = 7;
const PAGE = 3;

describe('paging of runs.list and runs.get', () => {
  let svc: Proclab;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-paging-'));
  const call = <T>(cmd: CommandName, payload: unknown = {}): Promise<T> => svc.handle(cmd as 'runs.list', payload as never) as Promise<T>;
  const ids: string[] = [];

  async function waitEnd(runId: string): Promise<RunDataPage> {
    // The run's end by its event (a loaded machine may take long), then the record as a page.
    await svc.waitForRun(runId, 120_000);
    return call<RunDataPage>('runs.get', { runId, limit: 10_000 });
  }

  beforeAll(async () => {
    svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500 });
    // One after another: each its own start time, so the order is known.
    for (let i = 0; i < RUNS; i++) {
      const info = await call<RunInfo>('run.command', { argv: ['sh', '-c', `echo run ${i}`] });
      ids.push(info.id);
      await waitEnd(info.id);
    }
  }, 300_000);
  afterAll(async () => {
    await svc?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads more runs than one page through the cursors: each once, newest first, the last page ending it', async () => {
    const pages = await allPages((cursor) => call<RunsPage>('runs.list', { limit: PAGE, ...(cursor ? { cursor } : {}) }));
    expect(pages).toHaveLength(Math.ceil(RUNS / PAGE));
    expect(pages.every((p) => p.runs.length <= PAGE && p.total === RUNS)).toBe(true);
    expect(pages.at(-1)!.next).toBeNull();
    expect(pages.flatMap((p) => p.runs.map((r) => r.id))).toEqual([...ids].reverse());
  });

  it('a run deleted between two pages neither repeats nor hides another', async () => {
    const first = await call<RunsPage>('runs.list', { limit: PAGE });
    const victim = first.runs.at(-1)!.id; // the cursor's own run
    await call('runs.delete', { runId: victim });
    const rest = await allPages((cursor) => call<RunsPage>('runs.list', { limit: PAGE, cursor: cursor ?? first.next! }));
    const seen = [...first.runs, ...rest.flatMap((p) => p.runs)].map((r) => r.id);
    expect(seen).toEqual([...ids].reverse());
    ids.splice(ids.indexOf(victim), 1);
  });

  it('the API and the CLI page on their own and list every run', async () => {
    const api = createProclabApi({
      host: 'web',
      invoke: (cmd, payload) => svc.handle(cmd as 'runs.list', payload as never),
      subscribe: () => () => {},
      save: () => Promise.resolve({ saved: false, path: null }),
    });
    expect((await api.listRuns()).map((r) => r.id)).toEqual([...ids].reverse());
    // The CLI reads with the default page size: feed it pages of PAGE through a service that forces it.
    const asked: unknown[] = [];
    let stdout = '';
    const code = await main(
      ['node', 'proclab', 'runs', '--json'],
      { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => {} } },
      {
        createService: async () =>
          ({
            ...svc,
            handle: (name: CommandName, payload: unknown) => {
              asked.push(payload);
              return svc.handle(name as 'runs.list', { ...(payload as object), limit: PAGE } as never);
            },
            shutdown: async () => {},
          }) as never,
        env: { PROCLAB_DATA_DIR: dataDir },
        onSignal: () => () => {},
      },
    );
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as RunInfo[]).map((r) => r.id)).toEqual([...ids].reverse());
    expect(asked.length).toBe(Math.ceil(ids.length / PAGE));
  });

  it('reads a run’s samples and output in pages that add up to the whole record', async () => {
    const info = await call<RunInfo>('run.command', { argv: ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo line $i; sleep 0.25; done'] });
    const whole = await waitEnd(info.id);
    expect(whole.next).toBeNull();
    expect(whole.samples.length).toBeGreaterThan(3);
    expect(whole.outputs.length).toBeGreaterThan(1);
    const pages = await allPages((cursor) => call<RunDataPage>('runs.get', { runId: info.id, limit: 2, ...(cursor ? { cursor } : {}) }));
    expect(pages.length).toBe(Math.ceil(Math.max(whole.samples.length, whole.outputs.length) / 2));
    expect(pages.every((p) => p.samples.length <= 2 && p.outputs.length <= 2)).toBe(true);
    const { next: _n, ...rest } = whole;
    expect(mergeRunPages(pages)).toEqual(rest);
  }, 180_000);

  it('refuses a bad cursor or page size with a clear reply, and changes nothing', async () => {
    const before = await call<RunsPage>('runs.list', { limit: 500 });
    for (const payload of [{ cursor: 'not-a-cursor' }, { limit: 0 }, { limit: 501 }, { cursor: '12.0.1' }]) {
      const e = (await call('runs.list', payload).catch((x: unknown) => x)) as { code: string; message: string };
      expect(e.code).toBe('invalid-payload');
      expect(e.message).toMatch(/cursor|limit/);
    }
    const bad = (await call('runs.get', { runId: ids[0], cursor: 'x' }).catch((x: unknown) => x)) as { code: string; message: string };
    expect(bad.code).toBe('invalid-payload');
    expect(bad.message).toContain('a cursor from the `next` of a previous runs.get reply');
    expect(await call<RunsPage>('runs.list', { limit: 500 })).toEqual(before);
  });
});
