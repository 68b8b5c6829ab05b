import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProclabError } from '../../../../src/shared/errors';
import { FIXTURES, harness, PY, resultOf, waitFor, type Harness } from '../../engine-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('monitor: process details', () => {
  it('shows cmdline, exe, cwd, user, cgroup, limits, descriptors by kind, sockets, history; env only on request', async () => {
    h = await harness();
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-details-')));
    try {
      const argv = [PY, path.join(FIXTURES, 'holder.py')];
      const { pid, startTime } = await h.engine.launch({ runId: 'd', argv, cwd: dir, env: { PROCLAB_DETAILS_TEST: 'yes' } });
      const res = await waitFor(() => resultOf(h!, 'd'), 10_000, 'the program to start');
      // ≥ 2 history points (one per system tick).
      const d = await waitFor(
        async () => {
          const x = await h!.engine.details({ pid, startTime });
          return x.history.length >= 2 && x;
        },
        15_000,
        { what: '2 history points', intervalMs: 250 },
      );
      expect(d).toMatchObject({ pid, startTime, cwd: dir, exe: fs.realpathSync(PY), state: 'sleeping', user: os.userInfo().username });
      expect(d.cmdline).toBe(argv.join(' '));
      expect(d.cgroup).toMatch(/^\//);
      expect(d.limits.find((l) => l.name === 'Max open files')?.soft).toBeGreaterThan(0);
      expect(d.fds!.byKind.file).toBeGreaterThanOrEqual(1);
      expect(d.fds!.byKind.pipe).toBeGreaterThanOrEqual(2);
      expect(d.fds!.byKind.socket).toBeGreaterThanOrEqual(1); // Node's stdio pipes to a child are unix sockets too
      expect(d.net!.sockets).toBe(d.fds!.byKind.socket);
      expect(d.fds!.list.some((f) => f.target === path.join(dir, 'held.txt'))).toBe(true);
      expect(d.net!.listening).toEqual([`tcp 127.0.0.1:${res.port}`]);
      expect(d.env).toBeNull();
      expect(d.history.length).toBeGreaterThanOrEqual(2);
      expect(d.history.at(-1)!.rss).toBeGreaterThan(0);
      const withEnv = await h.engine.details({ pid, env: true });
      expect(withEnv.env).toContain('PROCLAB_DETAILS_TEST=yes');
      const reused = await h.engine.details({ pid, startTime: startTime + 1 }).catch((e: unknown) => e);
      expect(reused).toBeInstanceOf(ProclabError);
      expect((reused as ProclabError).message).toContain('now names a different process');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
