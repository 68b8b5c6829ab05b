/**
 * A disk that fills up or cannot be written never takes the host down: on a 2 MB tmpfs a run that
 * floods its journal is stopped cleanly (its processes ended, its record saying "disk full"), the
 * host keeps answering, a new run is refused in one line, and the next start on the still-full
 * disk lists the runs. A read-only data dir: one line at start, runs refused in one line, a clean
 * shutdown. Needs root (mount).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProclab, type Proclab } from '../../../../src/main/core/service/proclab';
import type { RunInfo } from '../../../../src/shared/model';
import type { RunsPage } from '../../../../src/shared/results';
import { PY, waitFor } from '../../../integration/engine-helpers';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('storage-disk: skipped, mounting a tmpfs needs root');

function alive(pid: number): boolean {
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX]/.test(st);
  } catch {
    return false;
  }
}

describe.runIf(isRoot)('storage: disk full and read-only data dir', () => {
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-chaos-disk-'));
  const ro = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-chaos-ro-'));
  let svc: Proclab | null = null;
  const notes: string[] = [];
  beforeAll(() => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', ro]);
    fs.mkdirSync(path.join(ro, 'data'));
    execFileSync('mount', ['-o', 'remount,ro', ro]);
  });
  afterAll(async () => {
    await svc?.shutdown();
    for (const d of [mnt, ro]) {
      try {
        execFileSync('umount', [d]);
      } catch {
        /* not mounted */
      }
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('disk full: the flooding run is stopped cleanly, the host answers, the next start lists the runs', async () => {
    const dataDir = path.join(mnt, 'data');
    svc = await createProclab({ dataDir, host: 'cli', intervalMs: 250, onNotice: (t) => notes.push(t) });
    const flood = 'import sys\nwhile True:\n    sys.stdout.write("x" * 3000 + "\\n")\n';
    const run = (await svc.handle('run.command', { argv: [PY, '-c', flood], limits: { maxDurationMs: 90_000 } })) as RunInfo;
    const done = await svc.waitForRun(run.id, 60_000);
    expect(done.info.status).not.toBe('running');
    expect(done.info.reason, JSON.stringify(done.info)).toMatch(/disk full/);
    expect(done.info.journal).toBe('incomplete');
    expect(notes.join('\n')).toMatch(/disk full/);
    await waitFor(() => !alive(run.rootPid!), 10_000, 'the flood to be ended');
    // The host is up: it answers, lists the run, and refuses a new one in one line.
    await svc.handle('app.info', {});
    const list = (await svc.handle('runs.list', {})) as RunsPage;
    expect(list.runs.map((r) => r.id)).toContain(run.id);
    await expect(svc.handle('run.command', { argv: [PY, '-c', 'print(1)'] })).rejects.toThrow(/^disk full|storage error/);
    await svc.shutdown();
    svc = null;
    // The next start on the still-full disk: no crash, the run is listed.
    svc = await createProclab({ dataDir, host: 'cli', intervalMs: 250, onNotice: (t) => notes.push(t) });
    const again = (await svc.handle('runs.list', {})) as RunsPage;
    expect(again.runs.map((r) => r.id)).toContain(run.id);
    await svc.shutdown();
    svc = null;
  });

  it('read-only data dir: one line at start, a run refused in one line, a clean shutdown', async () => {
    const lines: string[] = [];
    svc = await createProclab({ dataDir: path.join(ro, 'data'), host: 'cli', intervalMs: 250, onNotice: (t) => lines.push(t) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot write runs to .* \(EROFS\): runs will not be recorded/);
    await expect(svc.handle('run.command', { argv: [PY, '-c', 'print(1)'] })).rejects.toThrow(/storage error \(EROFS\)/);
    await expect(svc.handle('run.code', { runtime: 'python', code: 'print(1)' })).rejects.toThrow(/storage error \(EROFS\)/);
    expect(((await svc.handle('runs.list', {})) as RunsPage).runs).toEqual([]);
    await svc.shutdown();
    svc = null;
    expect(lines).toHaveLength(1);
  });
});
