import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/shared/protocol';
import { changeRefusal, parseCoreList, parseTasksetList } from '../../../../src/main/core/supervisor/priorities';
import { checkIdentity, checkSignalPolicy } from '../../../../src/main/core/supervisor/policy';

describe('parseCoreList', () => {
  it('expands lists and ranges, deduplicated and sorted', () => {
    expect(parseCoreList('0', 2)).toEqual([0]);
    expect(parseCoreList('3,0-2,1', 4)).toEqual([0, 1, 2, 3]);
  });
  it('refuses cores the machine lacks, reversed ranges and junk', () => {
    expect(parseCoreList('2', 2)).toBeNull();
    expect(parseCoreList('1-0', 2)).toBeNull();
    expect(parseCoreList('0,,1', 2)).toBeNull();
    expect(parseCoreList('-1', 2)).toBeNull();
    expect(parseCoreList('a', 2)).toBeNull();
  });
});

describe('parseTasksetList', () => {
  it('reads the current and new lists taskset prints', () => {
    const out = "pid 12's current affinity list: 0,1\npid 12's new affinity list: 1\n";
    expect(parseTasksetList(out, 'current')).toBe('0,1');
    expect(parseTasksetList(out, 'new')).toBe('1');
    expect(parseTasksetList('', 'new')).toBeNull();
  });
});

describe('contract: process.renice / process.affinity', () => {
  const cmd = (name: string, payload: unknown) => parseCommand({ id: 1, cmd: name, payload });
  it('accepts nice −20…19 and core lists', () => {
    expect(cmd('process.renice', { pid: 5, nice: -20 }).ok).toBe(true);
    expect(cmd('process.renice', { pid: 5, nice: 19, startTime: 3, confirm: true }).ok).toBe(true);
    expect(cmd('process.affinity', { pid: 5, cores: '0-1,3' }).ok).toBe(true);
  });
  it('rejects out-of-range nice, fractions, bad core lists and extra fields', () => {
    expect(cmd('process.renice', { pid: 5, nice: 20 }).ok).toBe(false);
    expect(cmd('process.renice', { pid: 5, nice: 1.5 }).ok).toBe(false);
    expect(cmd('process.affinity', { pid: 5, cores: '0;1' }).ok).toBe(false);
    expect(cmd('process.affinity', { pid: 5, cores: '' }).ok).toBe(false);
    expect(cmd('process.renice', { pid: 5, nice: 1, extra: 1 }).ok).toBe(false);
  });
});

describe('changeRefusal', () => {
  const base = { selfPid: 10, ancestors: new Set([9]), owned: false };
  it('words the signal rules for a priority change, by rule (not by matching text)', () => {
    expect(changeRefusal(checkSignalPolicy({ ...base, pid: 500 }), 500).en).toContain('change its priority or cores');
    expect(changeRefusal(checkIdentity(500, undefined, null)!, 500).en).toContain('nothing was changed');
    expect(changeRefusal(checkIdentity(500, 1, 2)!, 500).zh).toMatch(/更改/);
  });
  it('keeps the wording of rules that read the same for any action', () => {
    const init = checkSignalPolicy({ ...base, pid: 1 });
    expect(changeRefusal(init, 1)).toEqual(init.ok ? null : init.text);
  });
});
