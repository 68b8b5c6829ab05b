import type { ProcNet } from '../../../shared/model';

/**
 * What a run sample keeps of a process's sockets: its TCP sockets counted by state (LISTEN,
 * ESTABLISHED, TIME_WAIT …), small enough to journal at every sample and to chart after the run.
 * UDP and unix sockets are left out: a server's connections are what the run view follows.
 * Undefined when the process holds no TCP socket, so samples of other programs stay as they were.
 */
export function tcpCountsOf(net: ProcNet): Record<string, number> | undefined {
  const counts: Record<string, number> = {};
  // readProcNets lists listening TCP sockets only by address, and connections in `tcp`.
  const listening = net.listening.filter((l) => l.startsWith('tcp ')).length;
  if (listening) counts['LISTEN'] = listening;
  for (const c of net.tcp) counts[c.state] = (counts[c.state] ?? 0) + 1;
  return Object.keys(counts).length ? counts : undefined;
}
