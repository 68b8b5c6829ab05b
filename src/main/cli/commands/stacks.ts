import type { Command } from 'commander';
import type { ProcessStacks, StackFrame, StackSource } from '../../../shared/stacks';
import { parsePid } from '../args';
import type { CliContext } from '../context';

const frameLine = (f: StackFrame): string =>
  `    ${f.function}${f.file ? ` (${f.file}${f.line !== undefined ? `:${f.line}` : ''})` : ''}${f.source ? `  ${f.source}` : ''}`;

const sourceWord = (s: StackSource): string => (s.ok ? `from ${s.via}` : `${s.via ? `${s.via} only: ` : 'none: '}${s.why ?? ''}`);

/** jstack / py-spy dump style: a head per thread, its Python frames, then native, then kernel. */
export function formatStacks(s: ProcessStacks): string {
  const lines = [
    `Process ${s.pid} ${s.name}: ${s.threads.length} thread${s.threads.length === 1 ? '' : 's'}`,
    ...(s.sources.node?.ok ? [`  JS frames: ${sourceWord(s.sources.node)}`] : [`  Python frames: ${sourceWord(s.sources.python)}`]),
    `  native frames: ${sourceWord(s.sources.native)}`,
    `  kernel stacks: ${sourceWord(s.sources.kernel)}`,
  ];
  for (const t of s.threads) {
    lines.push('', `Thread ${t.tid} "${t.name}"${t.ident !== undefined ? ` (ident ${t.ident})` : ''}`);
    if (t.python?.length) lines.push(...t.python.map(frameLine));
    if (t.js?.length) lines.push(...t.js.map(frameLine));
    else if (t.jsWhy) lines.push(`  (${t.jsWhy})`);
    if (t.native?.length) lines.push('  native:', ...t.native.map(frameLine));
    if (t.kernel?.length) lines.push(`  kernel: ${t.kernel.join(' ← ')}`);
  }
  for (const u of s.unjoined ?? [])
    lines.push(
      '',
      `JS thread "${u.name}" (threadId ${u.ident}, TID not known)`,
      ...(u.js.length ? u.js.map(frameLine) : [`  (${u.jsWhy ?? 'no frames'})`]),
    );
  return lines.join('\n') + '\n';
}

/** `proclab stacks <pid> [--json] [--native]`: every thread's stack, as jstack / py-spy dump print them. */
export function addStacksCommand(program: Command, ctx: CliContext): void {
  program
    .command('stacks')
    .description(
      'print every thread’s stack of a process: Python frames (ProcLab’s own runs, else py-spy), native (gdb) and kernel, each where the machine allows',
    )
    .argument('<pid>', 'process id', parsePid)
    .option('--json', 'print the stacks as JSON')
    .option('--native', 'also read native frames with gdb (it stops the process while it reads it)')
    .action(async (pid: number, opts: { json?: boolean; native?: boolean }) => {
      ctx.setCode(
        await ctx.withService(async (svc) => {
          const s = await svc.handle('process.stacks', { pid, ...(opts.native && { native: true }) });
          ctx.out(opts.json ? JSON.stringify(s, null, 2) + '\n' : formatStacks(s));
          return 0;
        }),
      );
    });
}
