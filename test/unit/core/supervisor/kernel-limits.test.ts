import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunCgroup } from '../../../../src/main/core/supervisor/cgroup';
import { checkKernelLimits, freshSeen, pidsMaxFor, pidsSlack } from '../../../../src/main/core/supervisor/kernel-limits';

/** Fake cgroup folders (plain files), as the kernel lays them out in v2 and in v1 hierarchies. */
let root: string | null = null;
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = null;
});

function tree(files: Record<string, string>): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-cg-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}
const read = (rel: string): string => fs.readFileSync(path.join(root!, rel), 'utf8');
const LIMITS = { maxProcs: 256, maxMemBytes: 256 * 1024 ** 2 };

describe('kernel-held limits', () => {
  it('room for threads: processes + extra threads + slack', () => {
    expect(pidsSlack(256)).toBe(16);
    expect(pidsSlack(4096)).toBe(204);
    expect(pidsMaxFor(256, 1, 1)).toBe(272);
    expect(pidsMaxFor(256, 40, 4)).toBe(256 + 36 + 16);
  });

  it('hybrid layout: pids.max and the memory limit go to the v1 cgroups, memsw too', () => {
    const r = tree({
      'v2/cgroup.procs': '',
      'mem/memory.limit_in_bytes': '9223372036854771712',
      'mem/memory.memsw.limit_in_bytes': '9223372036854771712',
      'mem/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n',
      'pids/pids.max': 'max',
      'pids/pids.events': 'max 0\n',
      'pids/pids.current': '1',
    });
    const cg = new RunCgroup(path.join(r, 'v2'), path.join(r, 'mem'), path.join(r, 'pids'));
    expect(cg.applyLimits(272, LIMITS.maxMemBytes)).toEqual({ pidsMax: 272, memMax: LIMITS.maxMemBytes });
    expect(read('pids/pids.max')).toBe('272');
    expect(read('mem/memory.limit_in_bytes')).toBe(String(LIMITS.maxMemBytes));
    expect(read('mem/memory.memsw.limit_in_bytes')).toBe(String(LIMITS.maxMemBytes));
    expect(cg.procsFiles()).toEqual(['v2', 'mem', 'pids'].map((d) => path.join(r, d, 'cgroup.procs')));
  });

  it('v2 with its controllers: memory.max, no swap, pids.max in the run cgroup itself', () => {
    const r = tree({ 'v2/cgroup.procs': '', 'v2/memory.max': 'max', 'v2/memory.swap.max': 'max', 'v2/pids.max': 'max' });
    const cg = new RunCgroup(path.join(r, 'v2'), null, null);
    cg.applyLimits(300, 1024 ** 3);
    expect([read('v2/pids.max'), read('v2/memory.max'), read('v2/memory.swap.max')]).toEqual(['300', String(1024 ** 3), '0']);
  });

  it('a refused fork at maxProcs processes is the process limit; below it, threads get more room', () => {
    const procs = (n: number): string => Array.from({ length: n }, (_, i) => String(1000 + i)).join('\n');
    const r = tree({ 'v2/cgroup.procs': procs(10), 'pids/pids.max': 'max', 'pids/pids.events': 'max 0\n', 'pids/pids.current': '50' });
    const cg = new RunCgroup(path.join(r, 'v2'), null, path.join(r, 'pids'));
    cg.applyLimits(272, LIMITS.maxMemBytes);
    const seen = freshSeen();
    expect(checkKernelLimits(cg, seen, LIMITS)).toBeNull();
    expect(read('pids/pids.max')).toBe(String(256 + 40 + 16)); // 40 threads beyond one per process
    fs.writeFileSync(path.join(r, 'pids/pids.events'), 'max 3\n'); // a burst of threads, 10 processes
    expect(checkKernelLimits(cg, seen, LIMITS)).toBeNull();
    expect(read('pids/pids.max')).toBe(String(256 + 40 + 16 + 32));
    fs.writeFileSync(path.join(r, 'v2/cgroup.procs'), procs(256));
    fs.writeFileSync(path.join(r, 'pids/pids.events'), 'max 9\n');
    const v = checkKernelLimits(cg, seen, LIMITS);
    expect(v?.outcome).toEqual({ cause: 'limit:procs', limit: 256 });
    expect(v?.reason.en).toBe('process limit (256)');
  });

  it('an OOM kill in the run is the memory limit (v1 oom_control, v2 memory.events)', () => {
    const r = tree({
      'v2/cgroup.procs': '',
      'mem/memory.limit_in_bytes': 'x',
      'mem/memory.oom_control': 'oom_kill_disable 0\noom_kill 0\n',
    });
    const cg = new RunCgroup(path.join(r, 'v2'), path.join(r, 'mem'), null);
    cg.applyLimits(272, LIMITS.maxMemBytes);
    const seen = freshSeen();
    expect(checkKernelLimits(cg, seen, LIMITS)).toBeNull();
    fs.writeFileSync(path.join(r, 'mem/memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n');
    expect(checkKernelLimits(cg, seen, LIMITS)?.outcome).toEqual({ cause: 'limit:memory', limit: LIMITS.maxMemBytes });
    expect(checkKernelLimits(cg, seen, LIMITS)).toBeNull(); // counted once
  });
});
