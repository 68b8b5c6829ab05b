/**
 * Every seed example the playground offers runs as the scratchpad runs it (`run.code`, the real
 * service): each ends on its own with exit 0 within a short limit, except the two-lock deadlock,
 * which the watchdog must flag and a stop must end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/shared/examples';
import type { DeadlockEvent } from '../../src/shared/model';
import { createProclab, type Proclab } from '../../src/main/core/service/proclab';

const DIR = path.join(__dirname, '..', '..', 'src', 'shared', 'examples');

describe('the seeds’ examples run', () => {
  let svc: Proclab;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-examples-'));
  beforeAll(async () => {
    svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500, deadlockMs: 1500 });
  });
  afterAll(async () => {
    await svc?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('every example in the index has its program and every program is in the index', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.py'));
    expect(files.sort()).toEqual(EXAMPLES.map((e) => `${e.id}.py`).sort());
    expect(EXAMPLES.some((e) => e.concept === 13 && e.hangs)).toBe(true);
  });

  for (const e of EXAMPLES.filter((x) => !x.hangs)) {
    it(`${e.id} ends on its own with exit 0`, async () => {
      const code = fs.readFileSync(path.join(DIR, `${e.id}.py`), 'utf8');
      const info = await svc.handle('run.code', { runtime: 'python', code, limits: { maxDurationMs: 30_000 } });
      const d = await svc.waitForRun(info.id, 40_000);
      const out = d.outputs.map((o) => o.text ?? '').join('\n');
      expect(d.info.status, out).toBe('finished');
      expect(d.info.exit?.code, out).toBe(0);
      expect(out.length).toBeGreaterThan(0);
    });
  }

  for (const e of EXAMPLES.filter((x) => x.hangs)) {
    it(`${e.id} is flagged by the deadlock watchdog and a stop ends it`, async () => {
      const code = fs.readFileSync(path.join(DIR, `${e.id}.py`), 'utf8');
      const seen: DeadlockEvent[] = [];
      const off = svc.on('deadlock', (d) => seen.push(d));
      try {
        const info = await svc.handle('run.code', { runtime: 'python', code, limits: { maxDurationMs: 30_000 } });
        const until = Date.now() + 20_000;
        while (!seen.some((d) => d.runId === info.id && d.kind === 'suspected') && Date.now() < until)
          await new Promise((r) => setTimeout(r, 200));
        expect(seen.some((d) => d.runId === info.id && d.kind === 'suspected')).toBe(true);
        const stopped = await svc.handle('run.stop', { runId: info.id });
        expect(stopped.status).toBe('stopped');
      } finally {
        off();
      }
    });
  }
});
