/**
 * A run whose root exits at once (`true`, `echo`) must still end: its child may exit while the
 * supervisor is reading its stat, before the 'exit' listener is attached. Before the fix about
 * one run in a hundred stayed "running" forever, its wall-time limit unable to end it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import type { RunInfo } from '../../../../src/shared/model';

let svc: Proclab;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-short-'));
beforeAll(async () => {
  svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500 });
});
afterAll(async () => {
  await svc?.shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('every one of 150 runs of a root that exits at once ends, with its exit code', async () => {
  for (let i = 0; i < 150; i++) {
    const info = (await svc.handle('run.command', { argv: ['sh', '-c', `exit ${i % 3}`] })) as RunInfo;
    const d = await svc.waitForRun(info.id, 30_000);
    expect(d.info.exit?.code).toBe(i % 3);
  }
}, 300_000);
