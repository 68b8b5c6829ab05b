import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ProclabError } from '../../shared/errors';
import type { DeadlockEvent, ProcRow, RunLimits, Runtime, ThreadRow, TickEvent } from '../../shared/model';
import { DEFAULT_LIMITS, HARD_LIMITS, limitsSchema } from '../../shared/outcome';
import { allPages } from '../../shared/paging';
import { DEFAULT_STORE_CAP_BYTES, MIN_STORE_CAP_BYTES, STORE_CAP_ENV } from '../../shared/storage-bounds';
import { say } from '../../shared/engine-texts';
import { compareParam, validateParams, type ScenarioInfo } from '../../shared/scenario';
import { formatFromFilename } from '../core/reports';
import { compareRow } from '../core/runs/compare';
import { modelsFromParams } from '../core/runs/model-batch';
import { defaultDataDir } from '../core/runs/data-dir';
import type { Proclab, ProclabOptions } from '../core/service/proclab';
import { APP_VERSION } from '../core/service/version';
import {
  collectParam,
  parseDuration,
  parseSize,
  parseFormat,
  parseModels,
  parsePid,
  parsePositiveInt,
  parseRunId,
  parseRuntime,
  parseRuntimes,
  parseSignal,
  parseStartTime,
  splitCommand,
  UsageError,
} from './args';
import { formatComparison, formatProcesses, formatRuns, formatRunSummary, formatScenarioErrors, formatScenarios } from './format';
import { outputPrinter } from './progress';
import { formatThreads } from './threads-format';
import { addPriorityCommands } from './priority-commands';
import { addExporterCommand } from './exporter-command';
import { addStacksCommand } from './commands/stacks';
import { onShutdownSignals } from '../core/service/shutdown-signals';
import { parseLang, readCodeFile } from './code-file';
import { procKey } from '../../shared/proc-key';

/** The part of the service the CLI drives (tests pass a fake with the same shape). */
export type Service = Pick<Proclab, 'handle' | 'on' | 'waitForRun' | 'waitForBatch' | 'shutdown'>;

export interface CliIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export interface CliDeps {
  createService?: (opts: ProclabOptions) => Promise<Service>;
  env?: NodeJS.ProcessEnv;
  /** Subscribes to SIGINT/SIGTERM; returns the unsubscribe. Tests inject their own trigger. */
  onSignal?: (cb: (sig: 'SIGINT' | 'SIGTERM') => void) => () => void;
}

/** Exit codes: 0 ok, 1 the work failed, 2 bad input, 130/143 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

/**
 * Runs the CLI measures are sampled every 250 ms (the app's default is coarser): a run of a
 * few seconds then has enough samples for averages, and sampling only the run's own
 * processes costs little next to the work.
 */
const MEASURE: Partial<ProclabOptions> = { intervalMs: 250 };

const BAD_INPUT_CODES = new Set(['invalid-payload', 'not-found', 'confirm-required', 'bad-json', 'bad-envelope', 'unknown-command']);

// The CLI maps SIGINT and SIGTERM to their own exit codes; SIGHUP keeps node's default.
const processSignals: NonNullable<CliDeps['onSignal']> = (cb) =>
  onShutdownSignals((sig) => cb(sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM'), ['SIGINT', 'SIGTERM']);

/**
 * The headless CLI. `argv` is process.argv (node, script, args…). Results go to stdout,
 * progress to stderr; bad input exits 2 with ONE line, never a stack trace.
 */
export async function main(
  argv: string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr },
  deps: CliDeps = {},
): Promise<number> {
  const env = deps.env ?? process.env;
  const out = (s: string) => io.stdout.write(s);
  const err = (s: string) => io.stderr.write(s);
  const { args, command } = splitCommand(argv.slice(2));
  let code: number = EXIT.ok;

  /** Creates the service, runs `fn`, and always shuts it down (ending the run's processes), also on Ctrl-C. */
  /** Runs this invocation started: the ones Ctrl-C stops. */
  const ownRuns = new Set<string>();

  async function withService(fn: (svc: Service) => Promise<number>, extra: Partial<ProclabOptions> = {}): Promise<number> {
    const create = deps.createService ?? (async (o: ProclabOptions) => (await import('../core/service/proclab')).createProclab(o));
    const deadlockMs = Number(env.PROCLAB_DEADLOCK_MS);
    const svc = await create({
      dataDir: defaultDataDir(env),
      host: 'cli',
      ...(Number.isFinite(deadlockMs) && deadlockMs > 0 && { deadlockMs }),
      ...(program.opts<{ maxStore?: number }>().maxStore !== undefined && { storeCapBytes: program.opts<{ maxStore: number }>().maxStore }),
      ...extra,
    });
    let unsubscribe = () => {};
    let signalled = false;
    const interrupted = new Promise<number>((resolve) => {
      unsubscribe = (deps.onSignal ?? processSignals)((sig) => {
        signalled = true;
        err(`proclab: ${sig}: stopping, ending the run's processes…\n`);
        resolve(sig === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
      });
    });
    // The engine's timers and children are unref'd (right for the app); the CLI must stay
    // alive until its command is done, or node would exit 0 mid-run with nothing printed.
    const keepAlive = setInterval(() => {}, 1 << 30);
    const work = fn(svc);
    // If a signal wins the race, the abandoned work may still reject during shutdown.
    work.catch(() => {});
    try {
      return await Promise.race([work, interrupted]);
    } finally {
      clearInterval(keepAlive);
      // Handlers go first, so a second Ctrl-C during shutdown ends the CLI at once.
      unsubscribe();
      // Ctrl-C is the user stopping the run: recorded as "stopped", not as an app that went away.
      if (signalled) await stopRuns(svc, [...ownRuns]);
      await svc.shutdown();
    }
  }

  const program = new Command();
  program
    .name('proclab')
    .description(
      'ProcLab: run, watch and compare processes, threads and coroutines (headless).\nProcLab：运行、观察、比较进程、线程与协程（命令行版）。',
    )
    .version(APP_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out(s),
      writeErr: (s) => err(s),
      // Commander's own errors (unknown option, missing argument…) as one `proclab:` line.
      outputError: (s, write) =>
        write(
          `proclab: ${s
            .replace(/^error:\s*/, '')
            .replace(/\s*\n\s*/g, ' ')
            .trim()}\n`,
        ),
    })
    .showHelpAfterError(false)
    .option(
      '--max-store <size>',
      `keep at most this much run history, e.g. 500M, 2G; beyond it the oldest ended runs are removed (default $${STORE_CAP_ENV} or ${DEFAULT_STORE_CAP_BYTES / 1024 ** 2}M, at least ${MIN_STORE_CAP_BYTES / 1024 ** 2}M)`,
      (v: string) => {
        const n = parseSize(v, '--max-store');
        if (n < MIN_STORE_CAP_BYTES) throw new UsageError(`bad --max-store "${v}": at least ${MIN_STORE_CAP_BYTES / 1024 ** 2}M`);
        return n;
      },
    )
    .addHelpText('after', `\nData: runs are kept in $PROCLAB_DATA_DIR, else ${defaultDataDir({ ...env, PROCLAB_DATA_DIR: '' })}.`);

  program
    .command('list')
    .description('list the scenarios (English · 中文)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      code = await withService(async (svc) => {
        const r = await svc.handle('scenarios.list', {});
        if (opts.json) out(JSON.stringify(r, null, 2) + '\n');
        else {
          out(formatScenarios(r.scenarios, r.errors));
          err(formatScenarioErrors(r.errors));
        }
        return EXIT.ok;
      });
    });

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
      'start Python programs bare: no line-buffered output, thread names, stacks or lock owners from ProcLab’s bootstrap',
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
        code = await withService(async (svc) => {
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
        }, MEASURE);
      },
    );

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
        code = await withService(async (svc) => {
          const s = await findScenario(svc, scenario);
          const compared = compareParam(s);
          if (compared in params) throw new UsageError(`--param ${compared}=… conflicts with --models; list the models in --models`);
          const runtimes = opts.runtimes ?? (['python', 'node'] as const).filter((r) => s.runtimes[r]);
          for (const rt of runtimes) {
            if (!s.runtimes[rt]) throw new UsageError(`scenario "${s.id}" has no ${rt} program`);
            checkParams(s, rt, params);
          }
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
        }, MEASURE);
      },
    );

  program
    .command('ps')
    .description('list processes (yours by default) with CPU, memory, threads')
    .option('--tree', 'show children under their parents')
    .option('--all', 'every user’s processes, not only yours')
    .option('--threads', 'list every thread with its state and why it waits (Linux)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { tree?: boolean; all?: boolean; threads?: boolean; json?: boolean }) => {
      code = await withService(
        async (svc) => {
          await svc.handle('monitor.configure', { scope: 'system', intervalMs: 250 });
          // CPU% is a difference between two readings, so the second tick is the first honest one.
          const tick = await nthTick(svc, 2, 10_000);
          const me = currentUser();
          const procs = opts.all ? tick.processes : tick.processes.filter((p) => p.user === me || p.runId !== null);
          if (opts.threads) {
            const threads = await threadsOf(svc, procs);
            const deadlocks = tick.deadlocks ?? [];
            if (opts.json)
              out(JSON.stringify({ processes: procs.map((p) => ({ ...p, threadRows: threads[p.pid] ?? [] })), deadlocks }, null, 2) + '\n');
            else out(formatThreads(procs, threads, deadlocks));
            return EXIT.ok;
          }
          if (opts.json) out(JSON.stringify(procs, null, 2) + '\n');
          else out(formatProcesses(procs, !!opts.tree));
          return EXIT.ok;
        },
        { intervalMs: 250 },
      );
    });

  program
    .command('runs')
    .description('list recorded runs, newest first')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      code = await withService(async (svc) => {
        const pages = await allPages((cursor) => svc.handle('runs.list', cursor ? { cursor } : {}));
        const runs = pages.flatMap((p) => p.runs);
        out(opts.json ? JSON.stringify(runs, null, 2) + '\n' : formatRuns(runs));
        return EXIT.ok;
      });
    });

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
      code = await withService(async (svc) => {
        const rep = await svc.handle('report.export', { runIds, format: opts.format, ...(opts.baseline && { baselineId: opts.baseline }) });
        if (opts.out) {
          fs.writeFileSync(opts.out, rep.content);
          err(`proclab: wrote ${opts.format} report to ${opts.out}\n`);
        } else out(rep.content.endsWith('\n') ? rep.content : rep.content + '\n');
        return EXIT.ok;
      });
    });

  program
    .command('kill')
    .description('signal a process; processes outside ProcLab runs need --yes (same policy as the app)')
    .argument('<pid>', 'process id', parsePid)
    .option(
      '-s, --signal <signal>',
      'TERM, KILL, STOP, CONT, tree (TERM then KILL, the whole tree) or any standard signal by name (HUP, INT, USR1, USR2, QUIT …)',
      parseSignal,
      { action: 'terminate' } as const,
    )
    .option('-y, --yes', 'confirm signalling a process that is not part of a ProcLab run')
    .option('--start-time <ticks>', 'the START column of `proclab ps`: refuse if the pid now names another process', parseStartTime)
    .action(async (pid: number, opts: { signal: ReturnType<typeof parseSignal>; yes?: boolean; startTime?: number }) => {
      code = await withService(async (svc) => {
        // The app's policy: other programs are only signalled with a confirmation (--yes);
        // without it the engine refuses and we say how to confirm.
        try {
          const r = await svc.handle('process.signal', {
            pid,
            ...opts.signal,
            ...(opts.yes && { confirm: true }),
            ...(opts.startTime !== undefined && { startTime: opts.startTime }),
          });
          out(r.message + '\n');
          return EXIT.ok;
        } catch (e) {
          if (e instanceof ProclabError && e.code === 'confirm-required')
            throw new ProclabError(e.code, `pid ${pid} is not part of a ProcLab run; add --yes to signal it anyway`);
          throw e;
        }
      });
    });

  addPriorityCommands(program, { withService: (fn) => withService(fn), out, setCode: (c) => (code = c) });
  addStacksCommand(program, { withService: (fn) => withService(fn), out, setCode: (c) => (code = c) });
  addExporterCommand(program, { out, err, env, setCode: (c) => (code = c), onSignal: deps.onSignal ?? processSignals });

  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, err, env);
  }
}

/** One line per failure; bad input exits 2, failed work 1. Stacks only with PROCLAB_DEBUG. */
function reportError(e: unknown, err: (s: string) => void, env: NodeJS.ProcessEnv): number {
  if (e instanceof CommanderError) {
    // Commander has already printed its line (or the help / version text).
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (env.PROCLAB_DEBUG && e instanceof Error && e.stack) err(e.stack + '\n');
  if (e instanceof UsageError) {
    err(`proclab: ${oneLine(e.message)}\n`);
    return EXIT.usage;
  }
  if (e instanceof ProclabError) {
    const detail =
      e.issues?.length && !e.issues.every((i) => e.message.includes(i.message))
        ? `: ${e.issues.map((i) => `${i.path ? i.path + ': ' : ''}${i.message}`).join('; ')}`
        : '';
    err(`proclab: ${oneLine(e.message + detail)}\n`);
    return BAD_INPUT_CODES.has(e.code) ? EXIT.usage : EXIT.failed;
  }
  err(`proclab: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
  return EXIT.failed;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, '; ').trim();
}

async function findScenario(svc: Service, id: string): Promise<ScenarioInfo> {
  const { scenarios } = await svc.handle('scenarios.list', {});
  const s = scenarios.find((x) => x.id === id);
  if (!s) {
    const known = scenarios.map((x) => x.id).join(', ');
    throw new UsageError(`unknown scenario "${id.slice(0, 64)}"${known ? `: choose one of ${known}` : ' (no scenarios are installed)'}`);
  }
  return s;
}

function defaultRuntime(s: ScenarioInfo): Runtime {
  return s.runtimes.python ? 'python' : 'node';
}

/** The manifest's own checks, before any process starts, so bad params fail in one line. */
function checkParams(s: ScenarioInfo, runtime: Runtime, params: Record<string, string>): void {
  if (!s.runtimes[runtime]) throw new UsageError(`scenario "${s.id}" has no ${runtime} program`);
  const { model: _model, ...rest } = params;
  const v = validateParams(s, runtime, rest);
  if (!v.ok) throw new UsageError(`bad --param for ${s.id} (${runtime}): ${v.issues.map((i) => i.message).join('; ')}`);
}

function reportFormatOf(file: string) {
  const f = formatFromFilename(file);
  if (!f) throw new UsageError(`bad --report "${file}": the name must end in .html, .json, .csv, .md or .trace.json`);
  checkWritable(file, '--report');
  return f;
}

function checkWritable(file: string, what: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`bad ${what} "${file}": folder ${dir} does not exist`);
}

/** 0 when the run finished; for `run -- cmd`, the command's own exit code (128+n for a signal). */
async function stopRuns(svc: Service, runIds: string[]): Promise<void> {
  // Errors are fine here: a run already over, or shutdown ends its processes anyway.
  await Promise.all(runIds.map((runId) => svc.handle('run.stop', { runId }).catch(() => {})));
}

/** Limits from the command line, checked against the host's maxima here so a mistake is a usage error. */
function checkLimits(l: Partial<RunLimits>): Partial<RunLimits> | undefined {
  const given = Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)) as Partial<RunLimits>;
  if (!Object.keys(given).length) return undefined;
  const parsed = limitsSchema.safeParse(given);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const flag =
      { maxProcs: '--max-procs', maxMemBytes: '--max-mem', maxDurationMs: '--timeout', maxOutputLinesPerSec: '--max-output-rate' }[
        String(i?.path[0])
      ] ?? 'limit';
    throw new UsageError(`bad ${flag}: ${i?.message ?? 'out of range'}`);
  }
  return parsed.data;
}

function runExitCode(info: { status: string; exit: { code: number | null; signal: string | null } | null }, isCommand: boolean): number {
  if (isCommand && info.exit) {
    if (info.exit.code !== null) return info.exit.code;
    const n = info.exit.signal ? os.constants.signals[info.exit.signal as NodeJS.Signals] : undefined;
    return n ? 128 + n : EXIT.failed;
  }
  return info.status === 'finished' ? EXIT.ok : EXIT.failed;
}

function currentUser(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null;
  }
}

/** Threads of the listed processes, asking the engine to watch them 64 at a time (its limit per tick). */
async function threadsOf(svc: Service, procs: ProcRow[]): Promise<Record<number, ThreadRow[]>> {
  const all: Record<number, ThreadRow[]> = {};
  const pids = procs.map((p) => p.pid);
  for (let i = 0; i < pids.length; i += 64) {
    const chunk = pids.slice(i, i + 64);
    await svc.handle('monitor.configure', { threadsFor: chunk });
    // The first tick after configuring reads them; a second gives their CPU% a full interval.
    const t = await nthTick(svc, 2, 10_000);
    for (const pid of chunk) if (t.threads[pid]) all[pid] = t.threads[pid]!;
  }
  return all;
}

function nthTick(svc: Service, n: number, timeoutMs: number): Promise<TickEvent> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no process sample within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const off = svc.on('tick', (t) => {
      if (++seen < n) return;
      clearTimeout(timer);
      off();
      resolve(t);
    });
  });
}
