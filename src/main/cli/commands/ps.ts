import os from 'node:os';
import type { Command } from 'commander';
import { MIN_INTERVAL_MS } from '../../../shared/monitor-view';
import { EXIT, MEASURE, type CliContext } from '../context';
import { formatProcesses } from '../format';
import { formatThreads } from '../threads-format';
import { nthTick, threadsOf } from '../ticks';

function currentUser(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null;
  }
}

/** `proclab ps [--tree] [--all] [--threads] [--json]`: one honest sample of the processes. */
export function addPsCommand(program: Command, ctx: CliContext): void {
  program
    .command('ps')
    .description('list processes (yours by default) with CPU, memory, threads')
    .option('--tree', 'show children under their parents')
    .option('--all', 'every user’s processes, not only yours')
    .option('--threads', 'list every thread with its state and why it waits (Linux)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { tree?: boolean; all?: boolean; threads?: boolean; json?: boolean }) => {
      ctx.setCode(
        await ctx.withService(async (svc) => {
          await svc.handle('monitor.configure', { scope: 'system', intervalMs: MIN_INTERVAL_MS });
          // CPU% is a difference between two readings, so the second tick is the first honest one.
          const tick = await nthTick(svc, 2, 10_000);
          const me = currentUser();
          const procs = opts.all ? tick.processes : tick.processes.filter((p) => p.user === me || p.runId !== null);
          if (opts.threads) {
            const threads = await threadsOf(svc, procs);
            const deadlocks = tick.deadlocks ?? [];
            if (opts.json)
              ctx.out(
                JSON.stringify({ processes: procs.map((p) => ({ ...p, threadRows: threads[p.pid] ?? [] })), deadlocks }, null, 2) + '\n',
              );
            else ctx.out(formatThreads(procs, threads, deadlocks));
            return EXIT.ok;
          }
          if (opts.json) ctx.out(JSON.stringify(procs, null, 2) + '\n');
          else ctx.out(formatProcesses(procs, !!opts.tree));
          return EXIT.ok;
        }, MEASURE),
      );
    });
}
