import type { Command } from 'commander';
import { parsePid, UsageError } from '../args';
import { EXIT, type CliContext } from '../context';
import { confirmed } from '../errors';

function parseNice(s: string): number {
  const n = Number(s);
  if (!/^-?\d+$/.test(s.trim()) || n < -20 || n > 19) throw new UsageError(`nice must be an integer from -20 to 19, not "${s}"`);
  return n;
}

/** `proclab renice <pid> <nice> [--yes]`: the engine's action, same policy as kill. */
export function addReniceCommand(program: Command, ctx: CliContext): void {
  program
    .command('renice')
    .description('set the nice value (-20 highest … 19 lowest) of every thread of a process; others than ProcLab runs need --yes')
    .argument('<pid>', 'process id', parsePid)
    .argument('<nice>', 'new nice value, -20…19', parseNice)
    .option('-y, --yes', 'confirm changing a process that is not part of a ProcLab run')
    .action(async (pid: number, nice: number, opts: { yes?: boolean }) => {
      ctx.setCode(
        await ctx.withService(async (svc) => {
          const r = await confirmed(pid, 'renice it', () =>
            svc.handle('process.renice', { pid, nice, ...(opts.yes && { confirm: true }) }),
          );
          ctx.out(r.message + '\n');
          return EXIT.ok;
        }),
      );
    });
}
