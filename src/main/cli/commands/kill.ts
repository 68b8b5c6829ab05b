import type { Command } from 'commander';
import { parsePid, parseSignal, parseStartTime } from '../args';
import { EXIT, type CliContext } from '../context';
import { confirmed } from '../errors';

/** `proclab kill <pid> [-s signal] [--yes]`: the app's signal actions, under the same policy. */
export function addKillCommand(program: Command, ctx: CliContext): void {
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
      ctx.setCode(
        await ctx.withService(async (svc) => {
          // The app's policy: other programs are only signalled with a confirmation (--yes);
          // without it the engine refuses and we say how to confirm.
          const r = await confirmed(pid, 'signal it', () =>
            svc.handle('process.signal', {
              pid,
              ...opts.signal,
              ...(opts.yes && { confirm: true }),
              ...(opts.startTime !== undefined && { startTime: opts.startTime }),
            }),
          );
          ctx.out(r.message + '\n');
          return EXIT.ok;
        }),
      );
    });
}
