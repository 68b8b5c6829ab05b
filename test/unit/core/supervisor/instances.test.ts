/**
 * The machine-wide registry of live ProcLab hosts (src/main/core/supervisor/instances.ts), in a
 * private XDG_RUNTIME_DIR: an entry names pid + start time, so a stale one matches nothing later;
 * registering sweeps entries of hosts that are gone; several engines in one process share one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProclabHost, registerInstance } from '../../../../src/main/core/supervisor/instances';

let dir: string;
let saved: string | undefined;
beforeEach(() => {
  saved = process.env.XDG_RUNTIME_DIR;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-xdg-'));
  process.env.XDG_RUNTIME_DIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
  else process.env.XDG_RUNTIME_DIR = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('instance registry', () => {
  it('lists a host by pid and start time only while registered, once for several engines', () => {
    const a = registerInstance(4242, 100);
    const b = registerInstance(4242, 100);
    expect(isProclabHost(4242, 100)).toBe(true);
    expect(isProclabHost(4242, 101)).toBe(false); // the same pid, reused by a later process
    expect(isProclabHost(4243, 100)).toBe(false);
    a();
    a(); // releasing twice does not release the other engine's hold
    expect(isProclabHost(4242, 100)).toBe(true);
    b();
    expect(isProclabHost(4242, 100)).toBe(false);
  });

  it('sweeps entries of hosts that are gone and keeps live ones and foreign files', () => {
    const reg = path.join(dir, 'proclab-instances');
    fs.mkdirSync(reg);
    for (const f of ['111-5', '222-6', 'notes.txt']) fs.writeFileSync(path.join(reg, f), '');
    const release = registerInstance(4242, 100, (pid) => pid === 222);
    expect(fs.readdirSync(reg).sort()).toEqual(['222-6', '4242-100', 'notes.txt']);
    release();
    expect(fs.readdirSync(reg).sort()).toEqual(['222-6', 'notes.txt']);
  });

  it('without a start time registers nothing', () => {
    const release = registerInstance(4242, null);
    expect(fs.existsSync(path.join(dir, 'proclab-instances'))).toBe(false);
    release();
  });
});
