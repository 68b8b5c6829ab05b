/**
 * The env a run's program gets with ProcLab's bootstraps (core/stacks/bootstrap.ts): a Node root gets
 * the preload first on NODE_OPTIONS (its own options kept after it, a path with spaces quoted) and the
 * stacks channel; a Python root the channel; any other program neither.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrapLaunch, looksLikeNode, nodeBootstrapDir, NODE_PRELOAD } from '../../../../src/main/core/stacks/bootstrap';
import { STACKS_FD_ENV } from '../../../../src/main/core/stacks/py-channel';

const preload = path.join(nodeBootstrapDir(), NODE_PRELOAD);

describe('bootstrapLaunch', () => {
  it('a Node root: the preload on NODE_OPTIONS before the run’s own options, and the channel', () => {
    const b = bootstrapLaunch(['node', 'main.js'], { NODE_OPTIONS: '--max-old-space-size=64 --trace-warnings' })!;
    expect(b.runtime).toBe('node');
    expect(b.env[STACKS_FD_ENV]).toBe('3');
    expect(b.env.NODE_OPTIONS).toBe(`--require ${JSON.stringify(preload)} --max-old-space-size=64 --trace-warnings`);
  });

  it('a Node root without options of its own: only the preload', () => {
    const b = bootstrapLaunch([process.execPath, 'main.js'], { NODE_OPTIONS: '' })!;
    expect(b.runtime).toBe('node');
    expect(b.env.NODE_OPTIONS).toBe(`--require ${JSON.stringify(preload)}`);
  });

  it('a Python root gets the channel as before; a shell gets neither channel nor NODE_OPTIONS', () => {
    const py = bootstrapLaunch(['python3', 'x.py'], {})!;
    expect(py.runtime).toBe('python');
    expect(py.env.NODE_OPTIONS).toBeUndefined();
    const sh = bootstrapLaunch(['sh', '-c', 'node x.js'], {})!;
    expect(sh.runtime).toBeNull();
    expect(sh.env.NODE_OPTIONS).toBeUndefined();
    expect(sh.env[STACKS_FD_ENV]).toBeUndefined();
  });

  it('names Node as a launcher would', () => {
    for (const p of ['node', '/usr/bin/node', 'nodejs', '/opt/node/bin/node20']) expect(looksLikeNode(p), p).toBe(true);
    for (const p of ['nodemon', 'python3', '/usr/bin/node-gyp', undefined]) expect(looksLikeNode(p), String(p)).toBe(false);
  });
});
