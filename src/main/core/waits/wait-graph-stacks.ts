import fs from 'node:fs';
import type { DeadlockEvent } from '../../../shared/model';
import { frameText } from '../../../shared/stacks';
import { channelOf } from '../stacks/py-channel';

/** Frames kept per thread on the event: enough to see the blocking line and its callers. */
export const WAIT_STACK_FRAMES = 8;

function kernelStack(pid: number, tid: number): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${tid}/stack`, 'utf8');
    const frames = text
      .split('\n')
      .map((l) => l.replace(/^\[<[0-9a-f]+>\]\s*/, '').trim())
      .filter(Boolean);
    return frames.length ? frames : null;
  } catch {
    return null;
  }
}

/**
 * Stacks for a cross-process deadlock event, where they cost nothing to speak of: a ProcLab Python
 * run root's bootstrap answers without pausing the program (bounded by its reply timeout); every
 * other thread gets its kernel stack where the kernel shows it. py-spy and gdb stop the process
 * and take seconds: they stay with `proclab stacks PID`.
 */
export async function withWaitStacks(e: DeadlockEvent): Promise<void> {
  for (const pid of new Set((e.waits ?? []).map((l) => l.pid))) {
    const links = e.waits!.filter((l) => l.pid === pid);
    const ch = channelOf(pid);
    if (ch?.open) {
      try {
        for (const t of await ch.stacks()) {
          const link = links.find((l) => l.tid === t.tid);
          if (link && t.frames.length)
            link.stack = { source: 'python', frames: t.frames.slice(0, WAIT_STACK_FRAMES).map((f) => frameText(f)) };
        }
      } catch {
        /* no answer: the kernel's stack below */
      }
    }
    for (const l of links) {
      if (l.stack) continue;
      const k = kernelStack(pid, l.tid);
      if (k) l.stack = { source: 'kernel', frames: k.slice(0, WAIT_STACK_FRAMES) };
    }
  }
}
