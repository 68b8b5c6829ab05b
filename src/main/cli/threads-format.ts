import type { DeadlockEvent, ProcRow, ThreadRow, WaitReason } from '../../shared/model';
import { table } from './format';

const KIND_WORDS: Record<WaitReason['kind'], string> = {
  running: 'running',
  runnable: 'runnable',
  lock: 'lock wait',
  sleep: 'sleep',
  io: 'I/O wait',
  poll: 'poll',
  child: 'child wait',
  stopped: 'stopped',
  zombie: 'zombie',
  disk: 'disk',
  other: 'other',
};

/** "lock wait (futex 0x55d5dfccbcf0)", "I/O wait (socket, recvfrom)", "sleep (clock_nanosleep) [wchan]" … */
export function describeWait(w: WaitReason | undefined): string {
  if (!w) return '-';
  const parts: string[] = [];
  if (w.kind === 'io' && w.fd) parts.push(w.fd);
  if (w.kind === 'lock') {
    if (w.word) parts.push(`${w.call ?? 'futex'} ${w.word}`);
    else if (w.call) parts.push(w.call);
    if (w.timed) parts.push('timed');
  } else if (w.call) parts.push(w.call);
  const text = KIND_WORDS[w.kind] + (parts.length ? ` (${parts.join(', ')})` : '');
  return w.source === 'wchan' ? `${text} [wchan]` : text;
}

/** `proclab ps --threads`: one line per thread under its process, deadlock suspicions after. */
export function formatThreads(procs: ProcRow[], threads: Record<number, ThreadRow[]>, deadlocks: DeadlockEvent[]): string {
  const rows: string[][] = [];
  for (const p of [...procs].sort((a, b) => a.pid - b.pid)) {
    for (const t of threads[p.pid] ?? [])
      rows.push([String(p.pid), String(t.tid), t.name, t.state, t.cpu.toFixed(1), describeWait(t.wait), p.cmd || p.name]);
  }
  let out = table(['PID', 'TID', 'NAME', 'STATE', 'CPU%', 'WAIT', 'COMMAND'], rows, [0, 1, 4]);
  for (const d of deadlocks) out += `${d.detail}${d.cycle ? ` — ${d.cycle}` : ''}\n`;
  return out;
}
