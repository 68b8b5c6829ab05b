import type { Command } from 'commander';
import { allPages } from '../../../shared/paging';
import { EXIT, type CliContext } from '../context';
import { formatRuns } from '../format';

/** `proclab runs [--json]`: the recorded runs, newest first. */
export function addRunsCommand(program: Command, ctx: CliContext): void {
  program
    .command('runs')
    .description('list recorded runs, newest first')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      ctx.setCode(
        await ctx.withService(async (svc) => {
          const pages = await allPages((cursor) => svc.handle('runs.list', cursor ? { cursor } : {}));
          const runs = pages.flatMap((p) => p.runs);
          ctx.out(opts.json ? JSON.stringify(runs, null, 2) + '\n' : formatRuns(runs));
          return EXIT.ok;
        }),
      );
    });
}
