import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunData, RunInfo } from '../../../src/shared/model';
import { alive, connect, spawnWebHost, type HostProc } from '../helpers/web-host';
import type { RunsPage } from '../../../src/shared/results';
import { waitFor } from '../../helpers/wait-for';

const dataDir = mkdtempSync(join(tmpdir(), 'proclab-crash-'));
const hosts: HostProc[] = [];
afterAll(() => {
  for (const h of hosts) if (h.proc.exitCode === null) h.proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the app killed with SIGKILL mid-run', () => {
  it('ends the leftover processes at the next start and lists the run as interrupted with its samples', async () => {
    const first = await spawnWebHost(dataDir);
    hosts.push(first);
    const c1 = await connect(first.url);
    const run = (await c1.call('run.command', { argv: ['sleep', '600'] })) as RunInfo;
    expect(run.rootPid).toBeGreaterThan(0);
    // Until the sampler has journaled a few samples (each record is one write: on disk at once).
    const journal = join(dataDir, 'runs', `${run.id}.ndjson`);
    await waitFor(
      () => existsSync(journal) && (readFileSync(journal, 'utf8').match(/^\{"t":"sample"/gm)?.length ?? 0) >= 3,
      20_000,
      '3 samples in the journal',
    );
    c1.close();
    const exited = new Promise((r) => first.proc.once('exit', r));
    first.proc.kill('SIGKILL');
    await exited;
    expect(alive(run.rootPid!)).toBe(true); // nobody cleaned up: the app was killed

    const second = await spawnWebHost(dataDir);
    hosts.push(second);
    expect(alive(run.rootPid!)).toBe(false);
    const c2 = await connect(second.url);
    const runs = ((await c2.call('runs.list')) as RunsPage).runs;
    const again = runs.find((r) => r.id === run.id);
    expect(again?.status).toBe('interrupted');
    const data = (await c2.call('runs.get', { runId: run.id })) as RunData;
    expect(data.samples.length).toBeGreaterThan(0);
    c2.close();
    second.proc.kill('SIGTERM');
  });
});
