import fs from 'node:fs';
import type { Command } from 'commander';
import type { Runtime } from '../../../shared/model';
import { compareParam, runtimesOf } from '../../../shared/scenario';
import { modelsFromParams } from '../../core/runs/model-batch';
import { collectParam, parseModels, parsePositiveInt, parseRuntimes, UsageError } from '../args';
import { checkParams, findScenario, reportFormatOf } from '../checks';
import { EXIT, MEASURE, type CliContext } from '../context';
import { oneLine } from '../errors';
import { formatComparison } from '../format';

/** `proclab compare <scenario> -m <models>`: one workload across models (and runtimes), one run after another. */
export function addCompareCommand(program: Command, ctx: CliContext): void {
  const { out, err } = ctx;
  program
    .command('compare')
    .description('run one workload across models (and runtimes) one after another, then compare')
    .argument('<scenario>', 'scenario id (see `proclab list`)')
    .requiredOption('-m, --models <list>', 'comma-separated models, e.g. threads,processes', parseModels)
    .option('--runtimes <list>', 'comma-separated runtimes (default: all the scenario has)', parseRuntimes)
    .option('-p, --param <name=value>', 'scenario parameter for every run (repeatable)', collectParam)
    .option('-w, --workers <n>', 'shorthand for --param workers=N', (v: string) => parsePositiveInt(v, '--workers', 1024))
    .option('--report <file>', 'write a report: .html, .json, .csv, .md or .trace.json')
    .option('--json', 'print the comparison as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  proclab compare <scenario> --models threads,processes --runtimes python --workers 2 --report r.html',
    )
    .action(
      async (
        scenario: string,
        opts: { models: string[]; runtimes?: Runtime[]; param?: Record<string, string>; workers?: number; report?: string; json?: boolean },
      ) => {
        const reportFormat = opts.report !== undefined ? reportFormatOf(opts.report) : null;
        const params: Record<string, string> = {
          ...(opts.param ?? {}),
          ...(opts.workers !== undefined && { workers: String(opts.workers) }),
        };
        ctx.setCode(
          await ctx.withService(async (svc) => {
            const s = await findScenario(svc, scenario);
            const compared = compareParam(s);
            if (compared in params) throw new UsageError(`--param ${compared}=… conflicts with --models; list the models in --models`);
            const runtimes = opts.runtimes ?? runtimesOf(s);
            for (const rt of runtimes) checkParams(s, rt, params);
            // A model no chosen runtime offers is a typo, not something to skip quietly.
            const offered = new Set(runtimes.flatMap((rt) => modelsFromParams(s.params, rt, compared)));
            if (!offered.size) throw new UsageError(`scenario "${s.id}" has no model parameter to compare`);
            const unknown = opts.models.filter((m) => !offered.has(m));
            if (unknown.length)
              throw new UsageError(
                `unknown model${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `"${m}"`).join(', ')} for ${s.id}: use ${[...offered].join(', ')}`,
              );
            const started = await svc.handle('compare.models', { scenarioId: s.id, models: opts.models, runtimes, params });
            err(`proclab: comparing ${started.total} runs of ${s.id}, one after another\n`);
            let lastCurrent: string | null = null;
            const off = svc.on('batch', (b) => {
              if (b.batchId !== started.batchId || b.finished || !b.current || b.current === lastCurrent) return;
              lastCurrent = b.current;
              err(`proclab: [${b.done + 1}/${b.total}] running ${b.current}…\n`);
            });
            let final;
            try {
              final = await svc.waitForBatch(started.batchId);
            } finally {
              off();
            }
            if (!final.runIds.length) throw new Error(final.error ?? 'no run was made');
            const cmp = await svc.handle('compare.build', { runIds: final.runIds });
            if (opts.json) out(JSON.stringify(cmp, null, 2) + '\n');
            else out(formatComparison(cmp));
            if (opts.report && reportFormat) {
              const rep = await svc.handle('report.export', { runIds: final.runIds, format: reportFormat });
              fs.writeFileSync(opts.report, rep.content);
              err(`proclab: wrote ${reportFormat} report to ${opts.report}\n`);
            }
            if (final.error) {
              err(`proclab: the batch ended early: ${oneLine(final.error)}\n`);
              return EXIT.failed;
            }
            return cmp.rows.every((r) => r.status === 'finished') ? EXIT.ok : EXIT.failed;
          }, MEASURE),
        );
      },
    );
}
