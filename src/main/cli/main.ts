import { Command } from 'commander';
import { DEFAULT_STORE_CAP_BYTES, MIN_STORE_CAP_BYTES, STORE_CAP_ENV } from '../../shared/storage-bounds';
import { defaultDataDir } from '../core/runs/data-dir';
import type { ProclabOptions } from '../core/service/proclab';
import { onShutdownSignals } from '../core/service/shutdown-signals';
import { APP_VERSION } from '../core/service/version';
import { parseSize, splitCommand, UsageError } from './args';
import { addAffinityCommand } from './commands/affinity';
import { addCompareCommand } from './commands/compare';
import { addExportCommand } from './commands/export';
import { addExporterCommand } from './commands/exporter';
import { addKillCommand } from './commands/kill';
import { addListCommand } from './commands/list';
import { addPsCommand } from './commands/ps';
import { addReniceCommand } from './commands/renice';
import { addRunCommand } from './commands/run';
import { addRunsCommand } from './commands/runs';
import { addStacksCommand } from './commands/stacks';
import { EXIT, type CliContext, type CliDeps, type CliIO, type OnSignal, type Service } from './context';
import { reportError } from './errors';

export { EXIT, type CliDeps, type CliIO, type Service } from './context';

// The CLI maps SIGINT and SIGTERM to their own exit codes; SIGHUP keeps node's default.
const processSignals: OnSignal = (cb) => onShutdownSignals((sig) => cb(sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM'), ['SIGINT', 'SIGTERM']);

/** The commands in the order `--help` lists them; each module adds its own. */
const COMMANDS = [
  addListCommand,
  addRunCommand,
  addCompareCommand,
  addPsCommand,
  addRunsCommand,
  addExportCommand,
  addKillCommand,
  addReniceCommand,
  addAffinityCommand,
  addStacksCommand,
  addExporterCommand,
];

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
  const onSignal = deps.onSignal ?? processSignals;
  const { args, command } = splitCommand(argv.slice(2));
  let code: number = EXIT.ok;
  const ownRuns = new Set<string>();

  async function withService(fn: (svc: Service) => Promise<number>, extra: Partial<ProclabOptions> = {}): Promise<number> {
    const create = deps.createService ?? (async (o: ProclabOptions) => (await import('../core/service/proclab')).createProclab(o));
    const deadlockMs = Number(env.PROCLAB_DEADLOCK_MS);
    const maxStore = program.opts<{ maxStore?: number }>().maxStore;
    const svc = await create({
      dataDir: defaultDataDir(env),
      host: 'cli',
      ...(Number.isFinite(deadlockMs) && deadlockMs > 0 && { deadlockMs }),
      ...(maxStore !== undefined && { storeCapBytes: maxStore }),
      ...extra,
    });
    let unsubscribe = () => {};
    let signalled = false;
    const interrupted = new Promise<number>((resolve) => {
      unsubscribe = onSignal((sig) => {
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

  const ctx: CliContext = { withService, out, err, setCode: (c) => (code = c), env, onSignal, command, ownRuns };
  for (const add of COMMANDS) add(program, ctx);

  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, err, env);
  }
}

async function stopRuns(svc: Service, runIds: string[]): Promise<void> {
  // Errors are fine here: a run already over, or shutdown ends its processes anyway.
  await Promise.all(runIds.map((runId) => svc.handle('run.stop', { runId }).catch(() => {})));
}
