import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { DeadlockEvent, Runtime } from '../../../shared/model';
import { DEFAULT_LIMITS, HARD_LIMITS } from '../../../shared/outcome';
import { say } from '../../../shared/engine-texts';
import { procKey } from '../../../shared/proc-key';
import { compareRow } from '../../core/runs/compare';
import { collectParam, parseDuration, parsePositiveInt, parseRuntime, parseSize, UsageError } from '../args';
import { checkLimits, checkParams, defaultRuntime, findScenario } from '../checks';
import { parseLang, readCodeFile } from '../code-file';
import { EXIT, MEASURE, type CliContext } from '../context';
import { formatRunSummary } from '../format';
import { outputPrinter } from '../progress';

/** 0 when the run finished; for `run -- cmd`, the command's own exit code (128+n for a signal). */
function runExitCode(info: { status: string; exit: { code: number | null; signal: string | null } | null }, isCommand: boolean): number {
  if (isCommand && info.exit) {
    if (info.exit.code !== null) return info.exit.code;
    const n = info.exit.signal ? os.constants.signals[info.exit.signal as NodeJS.Signals] : undefined;
    return n ? 128 + n : EXIT.failed;
  }
  return info.status === 'finished' ? EXIT.ok : EXIT.failed;
}

/** `proclab run <scenario> | --code <file> | -- <command…>`: one run, followed to its end, then its figures. */
export function addRunCommand(program: Command, ctx: CliContext): void {
  const { out, err, command, ownRuns } = ctx;
  program
    .command('run')
    .description('run a scenario, a file of your own code (--code), or any command after --, and print what it measured')
    .argument('[scenario]', 'scenario id (see `proclab list`)')
    .option('-p, --param <name=value>', 'scenario parameter (repeatable)', collectParam)
    .option('-r, --runtime <runtime>', 'python or node (default: the scenario’s first)', parseRuntime)
    .option('--cwd <dir>', 'working directory for `run -- <command…>`')
    .option('--code <file>', 'run your own Python or Node program, as the scratchpad does (at most 64 KiB, stdin closed, a temp folder)')
    .option('--lang <lang>', 'the language of --code: python or node (default: from the file name, .py / .js .mjs .cjs)', parseLang)
    .option('--json', 'print the run record and its figures as JSON')
    .option(
      '--no-bootstrap',
      'start programs bare: no ProcLab bootstrap (Python: line-buffered output, thread names, stacks, lock owners; Node: JS stacks)',
    )
    .option('--max-procs <n>', `end the run if it has more processes (default ${DEFAULT_LIMITS.maxProcs})`, (v: string) =>
      parsePositiveInt(v, '--max-procs', HARD_LIMITS.maxProcs),
    )
    .option(
      '--max-mem <size>',
      `end the run above this memory, e.g. 1G (default ${DEFAULT_LIMITS.maxMemBytes / 1024 ** 3}G)`,
      (v: string) => parseSize(v),
    )
    .option('--timeout <duration>', 'end the run after this long, e.g. 30s, 5m (default: the scenario’s, 10m for a command)', (v: string) =>
      parseDuration(v),
    )
    .option(
      '--max-output-rate <lines>',
      `output lines kept per second; more are counted and dropped (default ${DEFAULT_LIMITS.maxOutputLinesPerSec})`,
      (v: string) => parsePositiveInt(v, '--max-output-rate', HARD_LIMITS.maxOutputLinesPerSec),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  proclab run <scenario> --runtime python --param name=value   (proclab list shows the scenarios)\n  proclab run --max-mem 1G --timeout 30s -- python3 -c "print(42)"\n  proclab run --code mine.py --timeout 30s',
    )
    .action(
      async (
        scenario: string | undefined,
        o: {
          param?: Record<string, string>;
          runtime?: Runtime;
          cwd?: string;
          code?: string;
          lang?: Runtime;
          json?: boolean;
          bootstrap?: boolean;
          maxProcs?: number;
          maxMem?: number;
          timeout?: number;
          maxOutputRate?: number;
        },
      ) => {
        const opts = { ...o, param: o.param ?? {} };
        const limits = checkLimits({
          maxProcs: o.maxProcs,
          maxMemBytes: o.maxMem,
          maxDurationMs: o.timeout,
          maxOutputLinesPerSec: o.maxOutputRate,
        });
        if (o.code !== undefined && (command !== null || scenario !== undefined))
          throw new UsageError('give one of a scenario, --code <file> or -- <command…>');
        if (o.lang !== undefined && o.code === undefined) throw new UsageError('--lang is for --code <file>');
        if (o.code !== undefined && (Object.keys(opts.param).length || opts.runtime || opts.cwd !== undefined))
          throw new UsageError(
            '--param, --runtime and --cwd are not for --code (the program runs in a temp folder of its own; --lang sets its language)',
          );
        // Read and checked before the service starts: a bad file changes nothing.
        const codeFile = o.code !== undefined ? readCodeFile(o.code, o.lang) : null;
        if (command !== null && scenario !== undefined) throw new UsageError('give either a scenario or -- <command…>, not both');
        if (command !== null && command.length === 0)
          throw new UsageError('nothing after --: give the command to run, e.g. proclab run -- sleep 2');
        if (command === null && scenario === undefined && codeFile === null)
          throw new UsageError('run needs a scenario id (see `proclab list`), --code <file> or -- <command…>');
        if (command !== null && (Object.keys(opts.param).length || opts.runtime))
          throw new UsageError('--param and --runtime are for scenarios, not for run -- <command…>');
        if (opts.cwd !== undefined && (!fs.existsSync(opts.cwd) || !fs.statSync(opts.cwd).isDirectory()))
          throw new UsageError(`bad --cwd "${opts.cwd}": not a directory`);
        const bare = o.bootstrap === false ? { bootstrap: false } : {};
        ctx.setCode(
          await ctx.withService(async (svc) => {
            const printer = outputPrinter(err);
            const off = svc.on('output', (batch) => printer.push(batch));
            // The watchdog's word, once per process while the run is live (a withdrawal re-arms it).
            let runId: string | null = null;
            const early: DeadlockEvent[] = [];
            const said = new Set<string>();
            const sayDeadlock = (d: DeadlockEvent) => {
              // A potential deadlock (lock-order inversion) is said once per pair of orders, apart from suspicions.
              const key = d.kind === 'potential' ? d.detail : procKey(d.pid, d.startTime);
              if (d.kind === 'withdrawn') {
                if (said.delete(key)) err(`proclab: ${d.detail}\n`);
                return;
              }
              if (said.has(key)) return;
              said.add(key);
              printer.flush();
              const cycle = d.ownersText?.en ?? d.cycle;
              err(`proclab: ${d.detail}${cycle ? ` — ${cycle}` : ''}\n`);
            };
            const offDeadlock = svc.on('deadlock', (d) => {
              if (runId === null) early.push(d);
              else if (d.runId === runId) sayDeadlock(d);
            });
            try {
              let timeoutMs = 2 ** 31 - 1;
              if (codeFile !== null) {
                // The same path as the scratchpad's Run: the service writes it to the run's temp folder and saves it with the run.
                const info = await svc.handle('run.code', { ...codeFile, ...(limits && { limits }), ...bare });
                runId = info.id;
                ownRuns.add(runId);
                // The service gives it the scratchpad's wall-time limit unless --timeout set one.
                timeoutMs = (info.limits?.maxDurationMs ?? limits?.maxDurationMs ?? 10 * 60_000) + 60_000;
                if (info.contained === false) err(`proclab: ${say('caps.no-cgroup').en}\n`);
              } else if (command !== null) {
                const info = await svc.handle('run.command', {
                  argv: command,
                  ...(opts.cwd && { cwd: path.resolve(opts.cwd) }),
                  ...(limits && { limits }),
                  ...bare,
                });
                runId = info.id;
                ownRuns.add(runId);
                if (limits?.maxDurationMs) timeoutMs = limits.maxDurationMs + 60_000;
                if (info.contained === false) err(`proclab: ${say('caps.no-cgroup').en}\n`);
              } else {
                const s = await findScenario(svc, scenario!);
                const runtime = opts.runtime ?? defaultRuntime(s);
                checkParams(s, runtime, opts.param);
                const info = await svc.handle('run.start', {
                  scenarioId: s.id,
                  runtime,
                  params: opts.param,
                  ...(limits && { limits }),
                  ...bare,
                });
                runId = info.id;
                ownRuns.add(runId);
                timeoutMs = (limits?.maxDurationMs ?? s.timeoutSec * 1000) + 60_000;
                if (info.contained === false) err(`proclab: ${say('caps.no-cgroup').en}\n`);
              }
              printer.follow(runId);
              err(`proclab: run ${runId} started; Ctrl-C stops it\n`);
              for (const d of early.splice(0)) if (d.runId === runId) sayDeadlock(d);
              const data = await svc.waitForRun(runId, timeoutMs);
              printer.flush();
              const row = compareRow(data, 0);
              if (opts.json)
                out(
                  JSON.stringify(
                    {
                      info: data.info,
                      machine: data.machine,
                      summary: { ...row, speedup: null, efficiency: null },
                      ...(data.deadlocks?.length && { deadlocks: data.deadlocks }),
                    },
                    null,
                    2,
                  ) + '\n',
                );
              else out(formatRunSummary(data, row));
              // A program of one's own ends with its own exit code, as `run -- cmd` does.
              return runExitCode(data.info, command !== null || codeFile !== null);
            } finally {
              off();
              offDeadlock();
            }
          }, MEASURE),
        );
      },
    );
}
