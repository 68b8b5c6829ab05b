/**
 * An output flood without newlines must cost the host a bounded buffer: a program writing 300 MB
 * in one "line" leaves the host's RSS where it was, and the run's log says the line was cut.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import type { RunInfo } from '../../../../src/shared/model';
import { PY } from '../../../integration/engine-helpers';

const MB = 1024 * 1024;

describe('storage: one endless output line', () => {
  let svc: Proclab;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-chaos-out-'));
  beforeAll(async () => {
    svc = await createProclab({ dataDir, host: 'cli', intervalMs: 500 });
  });
  afterAll(async () => {
    await svc?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('300 MB without a newline: RSS stays bounded, the line is cut and the log says so', async () => {
    const code = 'import sys\nb = b"x" * (1 << 20)\nfor _ in range(300): sys.stdout.buffer.write(b)\nsys.stdout.buffer.flush()\n';
    const before = process.memoryUsage().rss;
    let peak = before;
    const poll = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const info = (await svc.handle('run.command', { argv: [PY, '-c', code], limits: { maxDurationMs: 60_000 } })) as RunInfo;
      const data = await svc.waitForRun(info.id, 90_000);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(data.info.status).toBe('finished');
      const texts = data.outputs.map((o) => o.text ?? '');
      const cut = texts.find((t) => /line cut: \d+ bytes dropped/.test(t));
      expect(cut, texts.map((t) => t.slice(0, 80)).join('\n')).toBeDefined();
      expect(Number(/line cut: (\d+)/.exec(cut ?? '')?.[1])).toBe(300 * MB - 64 * 1024);
      expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(64 * 1024);
    } finally {
      clearInterval(poll);
    }
    console.log(`storage-output: RSS before ${(before / MB).toFixed(0)} MB, peak +${((peak - before) / MB).toFixed(0)} MB`);
    // readline held the whole line (300 MB, then copies of it): hundreds of MB. The bound is 64 KiB.
    expect(peak - before).toBeLessThan(120 * MB);
  });
});
