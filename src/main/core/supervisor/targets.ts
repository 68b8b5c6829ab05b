import { isKernelThread, type StatFields } from '../procfs';
import type { ProcSource } from '../sampler/source';
import { isProclabHost } from './instances';
import type { TargetIdentity } from './policy';

/** The policy's view of what `pid` names now (a fresh read), with the stat it came from; null when nothing runs under it. */
export function identify(source: ProcSource, pid: number): { id: TargetIdentity; st: StatFields } | null {
  const st = source.probe(pid);
  if (!st || st.stateChar === 'X') return null;
  return {
    st,
    id: {
      startTime: st.startTime,
      kernelThread: isKernelThread(st),
      proclabHost: isProclabHost(pid, st.startTime),
      zombie: st.stateChar === 'Z',
    },
  };
}

/** Every ancestor of the given processes (parent, grandparent … up to 1): ending one would end ProcLab. */
export function ancestorsOf(source: ProcSource, pids: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (const start of new Set(pids)) {
    let pid = start;
    for (let i = 0; i < 64; i++) {
      const ppid = pid === process.pid ? process.ppid : source.probe(pid)?.ppid;
      if (!ppid || ppid <= 0 || out.has(ppid)) break;
      out.add(ppid);
      pid = ppid;
    }
  }
  return out;
}
