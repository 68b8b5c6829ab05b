import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveJournal } from '../../../../src/main/core/supervisor/journal';
import {
  checkActionPolicy,
  checkIdentity,
  checkProtected,
  checkSignalPolicy,
  type PolicyInput,
  type TargetIdentity,
} from '../../../../src/main/core/supervisor/policy';
import { changeRefusal } from '../../../../src/main/core/supervisor/priorities';

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

describe('the one action policy (signals, renice/affinity, leftover cleanup)', () => {
  const plain: TargetIdentity = { startTime: 77, kernelThread: false, proclabHost: false, zombie: false };
  const decide = (over: Partial<Parameters<typeof checkActionPolicy>[0]>) =>
    checkActionPolicy({ ...base, owned: true, current: plain, expectedStartTime: 77, ...over });
  const rule = (d: ReturnType<typeof checkActionPolicy>) => (d.ok ? 'ok' : d.rule);

  it('names the rule that refused, in order: hard refusals, identity, protected, ownership, zombie', () => {
    expect(rule(decide({}))).toBe('ok');
    expect(rule(decide({ pid: 1 }))).toBe('refuse.init');
    expect(rule(decide({ pid: 4000 }))).toBe('refuse.self');
    // An ancestor is refused even when it is also a kernel thread or a host, and whatever the caller confirms.
    expect(rule(decide({ pid: 3000, confirm: true, current: { ...plain, proclabHost: true } }))).toBe('refuse.ancestor');
    expect(rule(decide({ current: null }))).toBe('refuse.gone');
    expect(rule(decide({ expectedStartTime: 76 }))).toBe('refuse.reused');
    expect(rule(decide({ current: { ...plain, kernelThread: true }, confirm: true }))).toBe('refuse.kernel-thread');
    expect(rule(decide({ current: { ...plain, proclabHost: true }, confirm: true }))).toBe('refuse.other-proclab');
    expect(rule(decide({ owned: false }))).toBe('refuse.not-ours-confirm');
    expect(rule(decide({ owned: false, confirm: true }))).toBe('ok');
    expect(rule(decide({ current: { ...plain, zombie: true } }))).toBe('refuse.zombie');
  });

  it('words the protected rules for a priority change', () => {
    const k = decide({ current: { ...plain, kernelThread: true } });
    expect(changeRefusal(k, 5000).en).toBe(
      'PID 5000 is a kernel thread: the kernel runs it where and how it needs, so ProcLab does not change its priority or cores.',
    );
    const h = decide({ current: { ...plain, proclabHost: true } });
    expect(changeRefusal(h, 5000).en).toBe('PID 5000 is another running ProcLab; ProcLab does not change its priority or cores.');
    expect(changeRefusal(h, 5000).zh).toContain('不更改它的优先级或核心');
  });
});
