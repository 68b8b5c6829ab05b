import type { Command } from 'commander';
import { parsePid, UsageError } from '../args';
import { EXIT, type CliContext } from '../context';
import { confirmed } from '../errors';

function parseCores(s: string): string {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(s)) throw new UsageError(`cores must be a list such as 0, 0,2 or 0-3, not "${s}"`);
  return s;
}

/** `proclab affinity <pid> <cores> [--yes]`: the engine's action, same policy as kill. */
export function addAffinityCommand(program: Command, ctx: CliContext): void {
  program
    .command('affinity')
    .description('pin a process (all its threads) to a list of cores, as taskset -c; others than ProcLab runs need --yes')
    .argument('<pid>', 'process id', parsePid)
    .argument('<cores>', 'core list such as 0, 0,2 or 0-3', parseCores)
    .option('-y, --yes', 'confirm changing a process that is not part of a ProcLab run')
    .action(async (pid: number, cores: string, opts: { yes?: boolean }) => {
      ctx.setCode(
        await ctx.withService(async (svc) => {
          const r = await confirmed(pid, 'change its cores', () =>
            svc.handle('process.affinity', { pid, cores, ...(opts.yes && { confirm: true }) }),
          );
          ctx.out(r.message + '\n');
          return EXIT.ok;
        }),
      );
    });
}
