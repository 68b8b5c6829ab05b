/**
 * History survives one big run, and a huge journal never stops the host: a run printing 22 result
 * lines of 10 MB (a 220 MB journal before the bounds, over the 200 MB store cap) leaves earlier
 * runs listed; a 550 MB journal (past V8's longest string) is listed, paged and answered while
 * other commands still are.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import type { RunInfo } from '../../../../src/shared/model';
import type { RunDataPage, RunsPage } from '../../../../src/shared/results';
import { PY } from '../../../integration/engine-helpers';
import { expectWithin, watchMachine } from '../../../helpers/machine';

const MB = 1024 * 1024;

describe('storage: one big run keeps history', () => {
  let svc: Proclab;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-chaos-journal-'));
  beforeAll(async () => {
    svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500 });
  });
  afterAll(async () => {
    await svc?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a run writing 22 result lines of 10 MB leaves the earlier runs listed, and itself', async () => {
    const earlier: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = (await svc.handle('run.command', { argv: [PY, '-c', `print("earlier ${i}")`] })) as RunInfo;
      await svc.waitForRun(r.id, 60_000);
      earlier.push(r.id);
    }
    const code =
      'import sys\nv = "r" * (10 << 20)\nfor i in range(22):\n    sys.stdout.write(\'{"ev":"result","i":%d,"v":"%s"}\\n\' % (i, v))\n    sys.stdout.flush()\n';
    const big = (await svc.handle('run.command', { argv: [PY, '-c', code], limits: { maxDurationMs: 120_000 } })) as RunInfo;
    await svc.waitForRun(big.id, 180_000);
    const page = (await svc.handle('runs.list', { limit: 50 })) as RunsPage;
    const ids = page.runs.map((r) => r.id);
    expect(ids).toContain(big.id);
    for (const id of earlier) expect(ids).toContain(id);
    const size = fs.statSync(path.join(dataDir, 'runs', `${big.id}.ndjson`)).size;
    console.log(`storage-journal: the 22 × 10 MB run's journal is ${(size / MB).toFixed(2)} MB`);
    expect(size).toBeLessThan(40 * MB);
  });
});

describe('storage: a 550 MB journal', () => {
  let svc: Proclab;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-chaos-bigjournal-'));
  const id = '20260101-000000-bigjournal';
  const SAMPLES = 250_000;
  beforeAll(async () => {
    const runs = path.join(dataDir, 'runs');
    fs.mkdirSync(runs, { recursive: true });
    const info: RunInfo = {
      id,
      name: 'big journal',
      scenarioId: null,
      runtime: 'command',
      params: {},
      argv: ['x'],
      cwd: '/',
      status: 'running',
      startedAt: 1_700_000_000_000,
      endedAt: null,
      rootPid: 1,
      exit: null,
      reason: null,
      verdict: null,
      tags: [],
    };
    const machine = { cpuModel: 'x', cores: 2, os: 'linux', kernel: '6', node: '20', python: null };
    const fd = fs.openSync(path.join(runs, `${id}.ndjson`), 'w');
    fs.writeSync(fd, JSON.stringify({ t: 'header', info, machine }) + '\n');
    const procs = Array.from({ length: 12 }, (_, i) => ({
      pid: 100 + i,
      startTime: 1,
      cpu: 1,
      rss: 1,
      threads: 1,
      state: 'running',
      cmd: 'p'.repeat(100),
    }));
    const batch: string[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      batch.push(JSON.stringify({ t: 'sample', s: { ts: info.startedAt + i, cores: [1, 2], procs } }));
      if (i % 1000 === 0)
        batch.push(
          JSON.stringify({ t: 'output', o: { runId: id, ts: info.startedAt + i, stream: 'stdout', kind: 'log', text: `line ${i}` } }),
        );
      if (batch.length >= 2000) fs.writeSync(fd, batch.splice(0).join('\n') + '\n');
    }
    if (batch.length) fs.writeSync(fd, batch.join('\n') + '\n');
    const end = { status: 'finished', endedAt: info.startedAt + SAMPLES };
    fs.writeSync(fd, JSON.stringify({ t: 'end', patch: end, info: { ...info, ...end } }) + '\n');
    fs.closeSync(fd);
    expect(fs.statSync(path.join(runs, `${id}.ndjson`)).size).toBeGreaterThan(520 * MB);
  }, 120_000);
  afterAll(async () => {
    await svc?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens, lists and pages it with bounded memory while other commands are answered', async (ctx) => {
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const poll = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500 });
      const list = (await svc.handle('runs.list', {})) as RunsPage;
      expect(list.runs.map((r) => [r.id, r.status])).toEqual([[id, 'finished']]);
      // Pages read while another client asks for the app's info: its answers keep coming.
      const latencies: number[] = [];
      const machine = watchMachine();
      let paging = true;
      const other = (async () => {
        while (paging) {
          const t = Date.now();
          await svc.handle('app.info', {});
          latencies.push(Date.now() - t);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const first = (await svc.handle('runs.get', { runId: id, limit: 500 })) as RunDataPage;
      expect(first.samples).toHaveLength(500);
      expect(first.outputs).toHaveLength(SAMPLES / 1000);
      const far = (await svc.handle('runs.get', { runId: id, limit: 500, cursor: `${SAMPLES - 500}.${SAMPLES / 1000}` })) as RunDataPage;
      expect(far.samples.at(-1)!.ts).toBe(1_700_000_000_000 + SAMPLES - 1);
      expect(far.next).toBeNull();
      paging = false;
      await other;
      console.log(
        `storage-journal: 550 MB journal paged; RSS +${((peak - rss0) / MB).toFixed(0)} MB; other client's worst answer ${Math.max(...latencies)} ms over ${latencies.length} calls`,
      );
      expect(latencies.length).toBeGreaterThan(3);
      expectWithin(ctx, Math.max(...latencies), 1500, "the other client's worst answer", machine.stop());
      // A whole read is refused, in words, not attempted.
      await expect(svc.handle('report.export', { format: 'json', runIds: [id] })).rejects.toThrow(/too big to read whole/);
    } finally {
      clearInterval(poll);
    }
    expect(peak - rss0).toBeLessThan(250 * MB);
  });
});
