import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveJournal } from '../../src/main/core/supervisor/journal';
import { checkIdentity, checkProtected, checkSignalPolicy, type PolicyInput } from '../../src/main/core/supervisor/policy';

const base: PolicyInput = { pid: 5000, selfPid: 4000, ancestors: new Set([3000, 1]), owned: false };

describe('protected processes', () => {
  it('refuses kernel threads and other ProcLab hosts with their reasons, lets the rest through', () => {
    const k = checkProtected({ pid: 31, kernelThread: true, proclabHost: false });
    expect(k && !k.ok && [k.code, k.message, k.text.zh]).toEqual([
      'refused',
      'PID 31 is a kernel thread: it ignores signals, so ProcLab does not send any.',
      'PID 31 是内核线程：它会忽略信号，所以 ProcLab 不向它发送信号。',
    ]);
    const h = checkProtected({ pid: 900, kernelThread: false, proclabHost: true });
    expect(h && !h.ok && h.message).toMatch(/another running ProcLab/);
    expect(checkProtected({ pid: 900, kernelThread: false, proclabHost: false })).toBeNull();
  });
});

describe('signal policy', () => {
  it('always refuses init, ProcLab itself and its ancestors, even confirmed', () => {
    for (const pid of [1, 0, 4000, 3000]) {
      const d = checkSignalPolicy({ ...base, pid, owned: true, confirm: true });
      expect(d.ok).toBe(false);
      expect(!d.ok && d.code).toBe('refused');
    }
    const init = checkSignalPolicy({ ...base, pid: 1 });
    expect(!init.ok && init.message).toMatch(/init/);
    const self = checkSignalPolicy({ ...base, pid: 4000 });
    expect(!self.ok && self.message).toMatch(/ProcLab itself/);
    const parent = checkSignalPolicy({ ...base, pid: 3000 });
    expect(!parent.ok && parent.message).toMatch(/parent of ProcLab/);
  });

  it("allows the app's own run processes without confirmation", () => {
    expect(checkSignalPolicy({ ...base, owned: true }).ok).toBe(true);
  });

  it('needs an explicit confirmation for other processes, and nothing else from the caller', () => {
    const unconfirmed = checkSignalPolicy(base);
    expect(!unconfirmed.ok && unconfirmed.code).toBe('confirm-required');
    expect(!unconfirmed.ok && unconfirmed.message).toMatch(/confirm/);
    expect(checkSignalPolicy({ ...base, confirm: true }).ok).toBe(true);
  });
});

describe('identity check', () => {
  it('refuses a gone process and a reused pid, accepts a match or no expectation', () => {
    const gone = checkIdentity(10, 100, null);
    expect(gone && !gone.ok && gone.message).toMatch(/gone/);
    const reused = checkIdentity(10, 100, 101);
    expect(reused && !reused.ok && reused.message).toMatch(/reused/);
    expect(checkIdentity(10, 100, 100)).toBeNull();
    expect(checkIdentity(10, undefined, 100)).toBeNull();
  });
});

describe('leftover journal', () => {
  it('writes atomically only when the set changes and reads back valid entries', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-journal-'));
    const j = new LiveJournal(dir, { pid: 4242, startTime: 7 });
    const read = () => j.readAll().flatMap((x) => x.live);
    expect(read()).toEqual([]);
    expect(
      j.write([
        { pid: 20, startTime: 2, runId: 'a' },
        { pid: 10, startTime: 1, runId: 'a' },
      ]),
    ).toBe(true);
    expect(
      j.write([
        { pid: 10, startTime: 1, runId: 'a' },
        { pid: 20, startTime: 2, runId: 'a' },
      ]),
    ).toBe(false);
    expect(read().map((e) => e.pid)).toEqual([10, 20]);
    expect(j.readAll()[0]!.owner).toEqual({ pid: 4242, startTime: 7 });
    expect(fs.readdirSync(dir)).toEqual(['live-4242.json']); // one file per instance, no tmp file left behind
    fs.writeFileSync(
      j.file,
      JSON.stringify({ live: [{ pid: 1, startTime: 0, runId: 'x' }, { pid: 'x' }, { pid: 30, startTime: 3, runId: 'b' }] }),
    );
    expect(read()).toEqual([{ pid: 30, startTime: 3, runId: 'b' }]);
    fs.writeFileSync(j.file, '{broken');
    expect(read()).toEqual([]);
    // A damaged journal is kept aside for inspection, never deleted unread, and not read again.
    const aside = fs.readdirSync(dir);
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatch(/^live-4242\.json\.damaged-\d+$/);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe('{broken');
    fs.rmSync(path.join(dir, aside[0]!));
    j.clear();
    expect(read()).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]); // an instance with nothing live leaves no file
  });
});
