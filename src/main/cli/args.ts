import { REPORT_FORMATS, type ReportFormat, type SignalAction } from '../../shared/commands';
import { parseSignalName, SIGNAL_NAMES, type SignalName } from '../../shared/signals';
import type { Runtime } from '../../shared/model';

/**
 * Pure argument parsing for the CLI. Every function throws UsageError with ONE line that
 * says what was wrong and what is accepted; main prints it and exits 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const PARAM_NAME = /^[a-z][a-z0-9_]*$/;

/** `k=v` → [k, v]; the value stays a string (the scenario manifest decides its type). */
export function parseParam(kv: string): [string, string] {
  const eq = kv.indexOf('=');
  if (eq <= 0) throw new UsageError(`bad --param "${kv}": expected name=value, e.g. --param workers=2`);
  const key = kv.slice(0, eq).trim();
  const value = kv.slice(eq + 1);
  if (!PARAM_NAME.test(key)) throw new UsageError(`bad --param name "${key}": use lower_snake_case, e.g. workers`);
  if (value.length > 256) throw new UsageError(`bad --param "${key}": the value is longer than 256 characters`);
  // An empty value would quietly mean "the default" (as an empty form field does); on a command line it is a slip.
  if (value.trim() === '') throw new UsageError(`bad --param "${key}": no value after "=" (leave the --param out to use the default)`);
  return [key, value];
}

/** Commander collector for repeatable `--param k=v`. */
export function collectParam(kv: string, acc: Record<string, string> = {}): Record<string, string> {
  const [k, v] = parseParam(kv);
  if (Object.hasOwn(acc, k)) throw new UsageError(`--param ${k} is given twice ("${acc[k]}" and "${v}"): give it once`);
  return { ...acc, [k]: v };
}

/** `a,b,,c ` → ['a','b','c'] */
export function parseList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function parseRuntime(s: string): Runtime {
  const r = s.trim().toLowerCase();
  if (r === 'python' || r === 'node') return r;
  throw new UsageError(`bad runtime "${s}": use python or node`);
}

export function parseRuntimes(s: string): Runtime[] {
  const list = parseList(s);
  if (!list.length) throw new UsageError('--runtimes needs at least one of python, node');
  return [...new Set(list.map(parseRuntime))];
}

export function parseModels(s: string): string[] {
  const list = parseList(s);
  if (!list.length) throw new UsageError('--models needs at least one model, e.g. --models threads,processes');
  if (list.length > 8) throw new UsageError('--models takes at most 8 models');
  for (const m of list) if (m.length > 32) throw new UsageError(`bad model "${m.slice(0, 40)}…": too long`);
  return [...new Set(list)];
}

export function parsePositiveInt(s: string, what: string, max = 2 ** 31 - 1): number {
  if (!/^\d+$/.test(s.trim())) throw new UsageError(`bad ${what} "${s}": expected a positive whole number`);
  const n = Number(s);
  if (n < 1 || n > max) throw new UsageError(`bad ${what} "${s}": expected 1..${max}`);
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `--max-mem 512M`, `1.5G`, `2g`, `1048576` → bytes (binary units: K, M, G, T with an optional iB/B). */
export function parseSize(s: string, what = '--max-mem'): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`bad ${what} "${s}": expected a size such as 512M, 1G or 1.5GiB`);
  const n = Math.round(Number(m[1]) * (SIZE_UNITS[(m[2] ?? '').toLowerCase()] ?? 1));
  if (!(n > 0)) throw new UsageError(`bad ${what} "${s}": must be more than 0`);
  return n;
}

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, '': 1000, m: 60_000, min: 60_000, h: 3600_000 };

/** `--timeout 30`, `30s`, `5m`, `1h`, `500ms` → milliseconds (a bare number is seconds). */
export function parseDuration(s: string, what = '--timeout'): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`bad ${what} "${s}": expected a duration such as 30s, 5m or 1h`);
  const n = Math.round(Number(m[1]) * (TIME_UNITS[(m[2] ?? '').toLowerCase()] ?? 1000));
  if (!(n > 0)) throw new UsageError(`bad ${what} "${s}": must be more than 0`);
  return n;
}

export function parsePid(s: string): number {
  return parsePositiveInt(s, 'pid', 2 ** 31 - 1);
}

/** A start time as `proclab ps` prints it (clock ticks after boot, /proc/<pid>/stat field 22). */
export function parseStartTime(s: string): number {
  if (!/^\d+$/.test(s.trim())) throw new UsageError(`bad --start-time "${s}": expected the START number \`proclab ps\` prints`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new UsageError(`bad --start-time "${s}": too large`);
  return n;
}

const SIGNALS: Record<string, Exclude<SignalAction, 'signal'>> = {
  term: 'terminate',
  terminate: 'terminate',
  kill: 'kill',
  stop: 'stop',
  cont: 'continue',
  continue: 'continue',
  tree: 'kill-tree',
  'kill-tree': 'kill-tree',
};

export type SignalChoice = { action: SignalAction; signal?: SignalName };

/**
 * TERM|KILL|STOP|CONT|tree (the app's actions), or any standard signal by name (HUP, USR1 …),
 * case-insensitive, with or without SIG.
 */
export function parseSignal(s: string): SignalChoice {
  const key = s.trim().toLowerCase().replace(/^sig/, '');
  const action = SIGNALS[key];
  if (action) return { action };
  const signal = parseSignalName(s);
  if (signal) return { action: 'signal', signal };
  throw new UsageError(
    `bad --signal "${s}": use TERM, KILL, STOP, CONT, tree or a signal name (${SIGNAL_NAMES.map((n) => n.slice(3)).join(', ')})`,
  );
}

export function parseFormat(s: string): ReportFormat {
  const f = s.trim().toLowerCase() as ReportFormat;
  if (!REPORT_FORMATS.includes(f)) throw new UsageError(`bad --format "${s}": use ${REPORT_FORMATS.join(', ')}`);
  return f;
}

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
export function parseRunId(s: string): string {
  if (!RUN_ID.test(s)) throw new UsageError(`bad run id "${s.slice(0, 80)}": see \`proclab runs\` for ids`);
  return s;
}

/**
 * `proclab [opts] run [opts] -- cmd args…`: everything after the first `--` that follows
 * the `run` word is the command, verbatim (its own flags must not reach commander).
 */
export function splitCommand(args: string[]): { args: string[]; command: string[] | null } {
  // The subcommand is the first word that is not an option (the program's own options take no values).
  const runAt = args.findIndex((a) => !a.startsWith('-'));
  if (runAt < 0 || args[runAt] !== 'run') return { args, command: null };
  const dd = args.indexOf('--', runAt + 1);
  if (dd < 0) return { args, command: null };
  return { args: args.slice(0, dd), command: args.slice(dd + 1) };
}
