import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WaitReader } from '../../../../src/main/core/procfs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ThreadRow, WaitReason } from '../../../../src/shared/model';
import { harness, PY, untilTick, waitFor, type Harness } from '../../engine-helpers';

const WAITS = path.resolve(process.cwd(), 'test/fixtures/waits');

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

/** Launches blocked.py in `mode` and returns its threads once all three block as `want` says. */
async function threadsOf(mode: string, want: (w: WaitReason | undefined) => boolean): Promise<ThreadRow[]> {
  h ??= await harness({ intervalMs: 250 });
  const { engine } = h;
  const runId = `waits-${mode}`;
  const root = await engine.launch({ runId, argv: [PY, path.join(WAITS, 'blocked.py'), mode], cwd: WAITS });
  await waitFor(() => h!.outputs.some((o) => o.runId === runId && o.kind === 'mark'), 10_000, 'ready mark');
  return untilTick(
    engine,
    (t) => {
      const rows = t.threads[root.pid] ?? [];
      return rows.length === 3 && rows.every((r) => want(r.wait)) ? rows : undefined;
    },
    40,
  );
}

describe('engine: why a thread waits (Linux)', () => {
  it('time.sleep reads as sleep', async () => {
    const rows = await threadsOf('sleep', (w) => w?.kind === 'sleep');
    expect(rows.every((r) => r.state === 'sleeping')).toBe(true);
    expect(rows[0]!.wait?.call).toMatch(/nanosleep/);
  });

  it('socket.recv reads as I/O wait on a socket', async () => {
    const rows = await threadsOf('recv', (w) => w?.kind === 'io');
    expect(rows.map((r) => r.wait?.fd)).toEqual(['socket', 'socket', 'socket']);
  });

  it('select reads as poll', async () => {
    await threadsOf('select', (w) => w?.kind === 'poll');
  });

  it('a Lock nobody releases reads as an untimed lock wait, all on one futex word (syscall source as root)', async () => {
    const rows = await threadsOf('lock', (w) => w?.kind === 'lock');
    if (rows[0]!.wait?.source === 'syscall') {
      expect(new Set(rows.map((r) => r.wait?.word)).size).toBe(1);
      expect(rows.every((r) => r.wait?.timed === false)).toBe(true);
    } else expect(rows[0]!.wait?.source).toBe('wchan');
  });

  it('Condition.wait(timeout) reads as a timed lock wait', async () => {
    const rows = await threadsOf('timed', (w) => w?.kind === 'lock');
    if (rows[0]!.wait?.source === 'syscall') expect(rows.every((r) => r.wait?.timed === true)).toBe(true);
  });
});

describe('wait reasons without ptrace access', () => {
  it('fall back to wchan and say so', async () => {
    const child = spawn(PY, [path.join(WAITS, 'blocked.py'), 'lock'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const pid = child.pid!;
      // No syscall table: the reader must use wchan, as it does when ptrace access is refused.
      const reader = new WaitReader(null);
      const reasons = await waitFor(
        () => {
          const rs = fs.readdirSync(`/proc/${pid}/task`).map((tid) => reader.read(pid, Number(tid), 'S', 0));
          return rs.every((r) => r.kind === 'lock') ? rs : undefined;
        },
        5_000,
        'lock waits via wchan',
      );
      expect(reasons.every((r) => r.source === 'wchan' && r.word === undefined)).toBe(true);
      // Kept descriptors, one per blocked thread, let go once the pid is no longer sampled.
      expect(reader.openFiles).toBe(3);
      reader.retain(new Set([pid]));
      expect(reader.openFiles).toBe(3);
      reader.retain(new Set([pid]));
      expect(reader.openFiles).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
