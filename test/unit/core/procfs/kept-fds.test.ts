import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeptFds, type KeptEntry } from '../../../../src/main/core/procfs/kept-fds';

const isOpen = (fd: number): boolean => {
  try {
    fs.fstatSync(fd);
    return true;
  } catch {
    return false;
  }
};

describe('KeptFds: descriptors kept per thread follow what is read', () => {
  it('closes a thread not read since the last retain, and every thread of a pid no longer kept', () => {
    const kept = new KeptFds<KeptEntry>();
    const open = (pid: number, tid: number): number => {
      const fd = fs.openSync('/proc/self/stat', 'r');
      kept.of(pid).set(tid, { fd, gen: kept.generation });
      return fd;
    };
    const a1 = open(1, 11);
    const a2 = open(1, 12);
    const b1 = open(2, 21);
    kept.retain(new Set([1, 2]));
    expect(kept.openFiles).toBe(3);
    // Only 1/11 is read in the next tick; pid 2 leaves the sampled set.
    kept.of(1).get(11)!.gen = kept.generation;
    kept.retain(new Set([1]));
    expect(kept.openFiles).toBe(1);
    expect([isOpen(a1), isOpen(a2), isOpen(b1)]).toEqual([true, false, false]);
    kept.close();
    expect(kept.openFiles).toBe(0);
    expect(isOpen(a1)).toBe(false);
  });
});
