import type { Command } from 'commander';
import { ProclabError } from '../../shared/errors';
import { parsePid, UsageError } from './args';
import type { Service } from './main';

export interface CommandContext {
  withService(fn: (svc: Service) => Promise<number>): Promise<number>;
  out(s: string): void;
  setCode(code: number): void;
}

function parseNice(s: string): number {
  const n = Number(s);
  if (!/^-?\d+$/.test(s.trim()) || n < -20 || n > 19) throw new UsageError(`nice must be an integer from -20 to 19, not "${s}"`);
  return n;
}

function parseCores(s: string): string {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(s)) throw new UsageError(`cores must be a list such as 0, 0,2 or 0-3, not "${s}"`);
  return s;
}

/** --yes is the confirmation, as for `proclab kill`. */
async function confirmed<T>(
  svc: Service,
  yes: boolean | undefined,
  pid: number,
  what: string,
  fn: (confirm: boolean) => Promise<T>,
): Promise<T> {
  try {
    return await fn(!!yes);
  } catch (e) {
    if (e instanceof ProclabError && e.code === 'confirm-required')
      throw new ProclabError(e.code, `pid ${pid} is not part of a ProcLab run; add --yes to ${what} anyway`);
    throw e;
  }
}

/** `proclab renice <pid> <nice>` and `proclab affinity <pid> <cores>`: the engine's actions, same policy as kill. */
export function addPriorityCommands(program: Command, ctx: CommandContext): void {
  program
    .command('renice')
    .description('set the nice value (-20 highest … 19 lowest) of every thread of a process; others than ProcLab runs need --yes')
    .argument('<pid>', 'process id', parsePid)
    .argument('<nice>', 'new nice value, -20…19', parseNice)
    .option('-y, --yes', 'confirm changing a process that is not part of a ProcLab run')
    .action(async (pid: number, nice: number, opts: { yes?: boolean }) => {
      ctx.setCode(
        await ctx.withService(async (svc) => {
          const r = await confirmed(svc, opts.yes, pid, 'renice it', (confirm) =>
            svc.handle('process.renice', { pid, nice, ...(confirm && { confirm }) }),
          );
          ctx.out(r.message + '\n');
          return 0;
        }),
      );
    });

  program
    .command('affinity')
    .description('pin a process (all its threads) to a list of cores, as taskset -c; others than ProcLab runs need --yes')
    .argument('<pid>', 'process id', parsePid)
    .argument('<cores>', 'core list such as 0, 0,2 or 0-3', parseCores)
    .option('-y, --yes', 'confirm changing a process that is not part of a ProcLab run')
    .action(async (pid: number, cores: string, opts: { yes?: boolean }) => {
      ctx.setCode(
        await ctx.withService(async (svc) => {
          const r = await confirmed(svc, opts.yes, pid, 'change its cores', (confirm) =>
            svc.handle('process.affinity', { pid, cores, ...(confirm && { confirm }) }),
          );
          ctx.out(r.message + '\n');
          return 0;
        }),
      );
    });
}
