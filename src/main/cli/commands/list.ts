import type { Command } from 'commander';
import { EXIT, type CliContext } from '../context';
import { formatScenarioErrors, formatScenarios } from '../format';

/** `proclab list [--json]`: the scenarios, in both languages. */
export function addListCommand(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list the scenarios (English · 中文)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      ctx.setCode(
        await ctx.withService(async (svc) => {
          const r = await svc.handle('scenarios.list', {});
          if (opts.json) ctx.out(JSON.stringify(r, null, 2) + '\n');
          else {
            ctx.out(formatScenarios(r.scenarios, r.errors));
            ctx.err(formatScenarioErrors(r.errors));
          }
          return EXIT.ok;
        }),
      );
    });
}
