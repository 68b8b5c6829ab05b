/**
 * Short runs seen whole: a run's first seconds are sampled every RUN_START_SAMPLE_MS, so a 1.5 s
 * program gets a verdict over many samples and children that live 100 ms are counted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRow } from '../../../../src/main/core/runs/compare';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import type { RunInfo } from '../../../../src/shared/model';
import { PY } from '../../engine-helpers';

let svc: Proclab;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-short-samples-'));
beforeAll(async () => {
  svc = await createProclab({ dataDir, host: 'cli', intervalMs: 1000 });
});
afterAll(async () => {
  await svc?.shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function run(code: string) {
  const info = (await svc.handle('run.command', { argv: [PY, '-c', code], cwd: os.tmpdir() })) as RunInfo;
  return svc.waitForRun(info.id, 30_000);
}

describe('short runs seen whole', () => {
  it('a program that lives 1.5 s has at least 10 samples', async () => {
    const d = await run('import time\nend = time.time() + 1.5\nwhile time.time() < end: pass');
    expect(d.info.exit?.code).toBe(0);
    expect(d.samples.filter((s) => s.procs.length > 0).length).toBeGreaterThanOrEqual(10);
  }, 40_000);

  it('three children that live 100 ms each are all counted in "processes started"', async () => {
    const d = await run(
      'import subprocess, time\ntime.sleep(0.2)\nfor _ in range(3):\n    subprocess.run(["sleep", "0.1"])\n    time.sleep(0.1)\ntime.sleep(0.2)',
    );
    expect(d.info.exit?.code).toBe(0);
    expect(compareRow(d, 1000).procsStarted).toBe(4);
  }, 40_000);
});
