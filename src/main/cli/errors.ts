import { CommanderError } from 'commander';
import { ProclabError } from '../../shared/errors';
import { UsageError } from './args';
import { EXIT } from './context';

const BAD_INPUT_CODES = new Set(['invalid-payload', 'not-found', 'confirm-required', 'bad-json', 'bad-envelope', 'unknown-command']);

export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, '; ').trim();
}

/** One line per failure; bad input exits 2, failed work 1. Stacks only with PROCLAB_DEBUG. */
export function reportError(e: unknown, err: (s: string) => void, env: NodeJS.ProcessEnv): number {
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

/** The service's refusal of a foreign process, as the one line that says how to confirm (`--yes`). */
export async function confirmed<T>(pid: number, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ProclabError && e.code === 'confirm-required')
      throw new ProclabError(e.code, `pid ${pid} is not part of a ProcLab run; add --yes to ${what} anyway`);
    throw e;
  }
}
