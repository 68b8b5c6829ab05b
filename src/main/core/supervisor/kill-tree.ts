import { setTimeout as sleep } from 'node:timers/promises';
import { procKey } from '../../../shared/proc-key';

export interface KillTreeOps {
  /** Live members right now (re-evaluated each poll, so late forks are included). */
  members(): Array<{ pid: number; startTime: number }>;
  /** Sends sig to one member after re-checking its identity; false if it is gone. */
  send(m: { pid: number; startTime: number }, sig: NodeJS.Signals): boolean;
  /** Sends sig to the run's process group if it is still ours; returns whether it was sent. */
  sendGroup(sig: NodeJS.Signals): boolean;
  /**
   * Stops every member in its tracks for the TERM round and lets them go after it (a cgroup's
   * freezer), so that a fork bomb cannot fill the places of the ones TERM ends: each member
   * meets its TERM before its next fork. Without it the round chases forks it cannot catch.
   */
  hold?: { freeze(): Promise<boolean>; thaw(): void };
  graceMs: number;
  pollMs?: number;
}

/**
 * TERM the group and every remembered member, wait up to the grace period for them to go,
 * then KILL whatever is left (group + members), then wait briefly for the kernel to finish.
 * Returns how many distinct processes were signalled.
 */
export async function killTree(ops: KillTreeOps): Promise<number> {
  const poll = ops.pollMs ?? 25;
  const signalled = new Set<string>();
  const round = (sig: NodeJS.Signals): void => {
    ops.sendGroup(sig);
    for (const m of ops.members()) if (ops.send(m, sig)) signalled.add(procKey(m.pid, m.startTime));
  };
  const held = (await ops.hold?.freeze()) ?? false;
  try {
    round('SIGTERM');
  } finally {
    if (held) ops.hold!.thaw();
  }
  const deadline = Date.now() + ops.graceMs;
  while (ops.members().length && Date.now() < deadline) await sleep(poll);
  if (ops.members().length) {
    round('SIGKILL');
    const killDeadline = Date.now() + 2000;
    while (ops.members().length && Date.now() < killDeadline) {
      await sleep(poll);
      round('SIGKILL'); // children forked between the rounds
    }
  }
  return signalled.size;
}
