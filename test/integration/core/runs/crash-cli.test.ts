/**
 * The run journal across a crash, through the CLI: SIGKILL the CLI mid-run, start it again,
 * and the run is listed as interrupted with the samples taken before the kill.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonReportSchema } from '../../../../src/main/core/reports';
import type { RunInfo } from '../../../../src/shared/model';
import { alive, cli, startCli } from '../../cli-helpers';
import { waitFor } from '../../../helpers/wait-for';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-runs-crash-'));
let rootPid = 0;
afterAll(() => {
  if (rootPid && alive(rootPid)) process.kill(rootPid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('run journal after SIGKILL', () => {
  it('lists the cut run as interrupted, with its samples, and exports it', async () => {
    const c = startCli(['run', '--', 'sleep', '120'], dataDir);
    await waitFor(() => /run \S+ started/.test(c.stderrSoFar()), 20_000, 'the run to start');
    const runId = /run (\S+) started/.exec(c.stderrSoFar())![1]!;
    const journal = path.join(dataDir, 'runs', `${runId}.ndjson`);
    await waitFor(() => (fs.readFileSync(journal, 'utf8').match(/"t":"sample"/g) ?? []).length >= 3, 20_000, 'three samples');
    rootPid = Number(/"rootPid":(\d+)/.exec(fs.readFileSync(journal, 'utf8'))![1]);
    c.proc.kill('SIGKILL');
    await c.done;
    const samplesBefore = (fs.readFileSync(journal, 'utf8').match(/"t":"sample"/g) ?? []).length;

    const runs = JSON.parse((await cli(['runs', '--json'], dataDir)).stdout) as RunInfo[];
    const run = runs.find((r) => r.id === runId)!;
    expect(run.status).toBe('interrupted');
    expect(run.endedAt).toBeGreaterThanOrEqual(run.startedAt);

    const exp = await cli(['export', runId, '--format', 'json'], dataDir);
    expect(exp.code, exp.stderr).toBe(0);
    const doc = jsonReportSchema.parse(JSON.parse(exp.stdout));
    expect(doc.runs[0]!.counts.samples).toBe(samplesBefore);
    expect(doc.runs[0]!.info.status).toBe('interrupted');
  });
});
