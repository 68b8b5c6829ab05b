import os from 'node:os';
import { say } from '../../../shared/engine-texts';
import { ProclabError } from '../../../shared/errors';
import type { ProcDetails } from '../../../shared/model';
import {
  mainCgroup,
  parseCgroup,
  parseLimits,
  readCmdline,
  readEnviron,
  readFds,
  readProcLink,
  readText,
  readUid,
  stateFromChar,
  userName,
} from '../procfs';
import type { ProcHistory } from './history';
import { readProcNets } from './proc-net';
import type { ProcSource } from './source';

const FD_LIST_MAX = 256;

/** Everything the details pane shows about one process, read on request (never on the tick). */
export async function readProcDetails(
  req: { pid: number; startTime?: number; env?: boolean },
  source: ProcSource,
  history: ProcHistory,
): Promise<ProcDetails> {
  const { pid } = req;
  const st = source.probe(pid);
  if (!st) throw ProclabError.saying('not-found', say('refuse.no-such', { pid }));
  if (req.startTime !== undefined && req.startTime !== st.startTime) throw ProclabError.saying('refused', say('details.reused', { pid }));
  // The pane's other facts are each one /proc file: the fallback sources have none of them.
  const procfs = source.caps.procfs;
  const fds = procfs ? readFds(pid) : null;
  const byKind: Record<string, number> = {};
  for (const f of fds ?? []) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  let nice: number | null = st.nice ?? null;
  if (nice === null)
    try {
      nice = os.getPriority(pid);
    } catch {
      nice = null;
    }
  const cg = procfs ? readText(`/proc/${pid}/cgroup`) : null;
  const limits = procfs ? readText(`/proc/${pid}/limits`) : null;
  const net = procfs ? ((await readProcNets([pid])).get(pid) ?? null) : null;
  return {
    pid,
    startTime: st.startTime,
    name: st.comm,
    cmdline: (procfs ? readCmdline(pid) : '') || `[${st.comm}]`,
    exe: procfs ? readProcLink(pid, 'exe') : null,
    cwd: procfs ? readProcLink(pid, 'cwd') : null,
    startedAt: source.startedAtMs(st.startTime),
    user: procfs ? userName(readUid(pid)) : null,
    state: stateFromChar(st.stateChar),
    nice,
    cgroup: cg ? mainCgroup(parseCgroup(cg)) : null,
    limits: limits ? parseLimits(limits) : [],
    fds: fds && {
      count: fds.length,
      byKind,
      list: fds.slice(0, FD_LIST_MAX).map((f) => ({ fd: f.fd, kind: f.kind, target: f.target })),
    },
    net,
    env: req.env && procfs ? readEnviron(pid) : null,
    history: history.get(pid, st.startTime),
  };
}
