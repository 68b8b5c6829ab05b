import { describe, expect, it } from 'vitest';
import type { DeadlockEvent } from '../../../../src/shared/model';
import { suspectedAtEnd } from '../../../../src/renderer/src/model/lanes';
import { frameFile, isScratchSite, scratchFile, siteText, stackWhy } from '../../../../src/renderer/src/model/stacks';

const ev = (kind: DeadlockEvent['kind'], ts: number): DeadlockEvent =>
  ({ kind, ts, pid: 7, startTime: 1, since: ts, runId: 'r', name: 'python3', detail: kind, text: { en: kind, zh: kind } }) as DeadlockEvent;

describe('stacks and lock sites in the renderer', () => {
  it("names why a source gave nothing from the core's reason (what the UI translates)", () => {
    expect(stackWhy('python', { ok: true, via: 'bootstrap' })).toBeNull();
    expect(stackWhy('python', { ok: false, why: 'not a Python process' })).toBe('stacks.why.notPython');
    expect(stackWhy('python', { ok: false, why: "py-spy is not installed (ProcLab's own Python runs answer without it)" })).toBe(
      'stacks.why.pyspyMissing',
    );
    expect(stackWhy('native', { ok: false, why: 'gdb is not installed' })).toBe('stacks.why.gdbMissing');
    expect(
      stackWhy('kernel', {
        ok: false,
        via: 'wchan',
        why: 'the kernel refused /proc/<pid>/task/<tid>/stack (it needs CAP_SYS_ADMIN): the function each thread sleeps in (wchan) is shown instead',
      }),
    ).toBe('stacks.why.kernelRoot');
    expect(stackWhy('native', { ok: false, why: 'not asked (gdb runs when asked, or when no Python frames came)' })).toBe(
      'stacks.why.notAsked',
    );
    expect(stackWhy('native', { ok: false, why: 'gdb could not attach (ptrace rules: kernel.yama.ptrace_scope, or not the owner)' })).toBe(
      'stacks.why.ptrace',
    );
  });

  it("knows a scratchpad run's own file, as Python names it (absolute) or relative, and nothing of other runs", () => {
    const run = { source: { runtime: 'python' as const, code: 'x' }, argv: ['/usr/bin/python3', 'main.py'], cwd: '/d/scratch/r1' };
    const file = scratchFile(run);
    expect(file).toBe('main.py');
    expect(isScratchSite('/d/scratch/r1/main.py', file, run.cwd)).toBe(true);
    expect(isScratchSite('main.py', file, run.cwd)).toBe(true);
    expect(isScratchSite('/usr/lib/python3.11/threading.py', file, run.cwd)).toBe(false);
    expect(isScratchSite('/d/scratch/r2/main.py', file, run.cwd)).toBe(false);
    expect(scratchFile({ argv: ['python3', 'main.py'] })).toBeNull();
    expect(siteText({ file: '/d/scratch/r1/main.py', line: 18 }, run.cwd)).toBe('main.py:18');
    expect(frameFile('/usr/lib/python3.11/threading.py', run.cwd)).toBe('threading.py');
  });

  it('keeps a suspicion standing when a lock-order inversion of the same process comes after it', () => {
    expect(suspectedAtEnd([ev('suspected', 1000), ev('potential', 2000)]).map((d) => d.kind)).toEqual(['suspected']);
  });
});
