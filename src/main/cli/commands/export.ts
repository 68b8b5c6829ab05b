import fs from 'node:fs';
import type { Command } from 'commander';
import { parseFormat, parseRunId, UsageError } from '../args';
import { checkWritable } from '../checks';
import { EXIT, type CliContext } from '../context';

/** `proclab export <run-id…> -f <format> [-o file]`: one run or a comparison of several as a report. */
export function addExportCommand(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('export one run or a comparison of several as a report')
    .argument('<run-id...>', 'run ids (see `proclab runs`)')
    .requiredOption('-f, --format <format>', 'html, json, csv, md or trace', parseFormat)
    .option('-o, --out <file>', 'write to this file (default: stdout)')
    .option('--baseline <run-id>', 'run the speedups are relative to (default: the first that finished normally)', parseRunId)
    .action(async (ids: string[], opts: { format: ReturnType<typeof parseFormat>; out?: string; baseline?: string }) => {
      const runIds = [...new Set(ids.map(parseRunId))];
      if (runIds.length > 20) throw new UsageError('export takes at most 20 runs');
      if (opts.baseline && !runIds.includes(opts.baseline))
        throw new UsageError(`--baseline ${opts.baseline} is not one of the exported runs`);
      if (opts.out) checkWritable(opts.out, '--out');
      ctx.setCode(
        await ctx.withService(async (svc) => {
          const rep = await svc.handle('report.export', {
            runIds,
            format: opts.format,
            ...(opts.baseline && { baselineId: opts.baseline }),
          });
          if (opts.out) {
            fs.writeFileSync(opts.out, rep.content);
            ctx.err(`proclab: wrote ${opts.format} report to ${opts.out}\n`);
          } else ctx.out(rep.content.endsWith('\n') ? rep.content : rep.content + '\n');
          return EXIT.ok;
        }),
      );
    });
}
