import { afterEach, describe, expect, it } from 'vitest';
import type { RunSample } from '../../../../src/shared/model';
import { FIXTURES, PY, harness, waitFor, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('engine: run samples between display ticks', () => {
  it('a short run is sampled several times even when the display refreshes every 2 s', async () => {
    h = await harness({ intervalMs: 2000 });
    const samples: RunSample[] = [];
    let ticks = 0;
    h.engine.on('run-sample', (s) => s.runId === 'short' && samples.push(s.sample));
    h.engine.on('tick', () => ticks++);
    const busy = 'import time\nend = time.time() + 1.5\nwhile time.time() < end: pass';
    await h.engine.launch({ runId: 'short', argv: [PY, '-c', busy], cwd: FIXTURES });
    await waitFor(() => h!.exits.find((e) => e.runId === 'short'), 10_000, 'run-exit');
    // The display alone would have journaled one sample, maybe two.
    expect(samples.length).toBeGreaterThanOrEqual(4);
    // In-between samples are not display ticks: the UI still gets one tick per interval.
    expect(ticks).toBeLessThan(samples.length / 2);
    // They measure for real: the busy loop reads as about one core in some sample.
    expect(Math.max(...samples.map((s) => s.procs.reduce((a, p) => a + p.cpu, 0)))).toBeGreaterThan(60);
    expect(samples.every((s) => s.cores.length > 0)).toBe(true);
  });
});
