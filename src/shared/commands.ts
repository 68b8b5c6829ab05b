import { z } from 'zod';
import { limitsSchema } from './outcome';
import { PAGE_LIMITS, pageLimit, runDataCursor, runsCursor } from './paging';
import { MAX_TABLE_WINDOW, monitorViewSchema, pidSchema } from './monitor-view';
import { SIGNAL_NAMES } from './signals';

/**
 * Every command the renderer (or any host client) may send to main, with its schema.
 * Main parses each one before any handler runs; the result types live in CommandResults.
 */
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a run id');
const pid = pidSchema;
const paramValue = z.union([z.string().max(256), z.number().finite(), z.boolean()]);

/** 'signal' sends the payload's `signal` (any standard signal by name). */
export const SIGNAL_ACTIONS = ['terminate', 'kill', 'stop', 'continue', 'kill-tree', 'signal'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

/** The most code the scratchpad sends: a learner's program, not a data file. */
export const MAX_CODE_BYTES = 64 * 1024;
export const CODE_RUNTIMES = ['python', 'node'] as const;

export { MAX_TABLE_WINDOW };

export const REPORT_FORMATS = ['html', 'json', 'csv', 'md', 'trace'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const commandSchemas = {
  'app.info': z.object({}).strict(),
  'scenarios.list': z.object({}).strict(),
  'run.start': z
    .object({
      scenarioId: z.string().min(1).max(64),
      runtime: z.enum(['python', 'node']),
      params: z.record(z.string().max(64), paramValue).default({}),
      /** Per-run limits, each within the host's hard maxima. */
      limits: limitsSchema.optional(),
      /** ProcLab's bootstrap: Python's on the run's PYTHONPATH (line-buffered output, thread names, stacks, lock owners), Node's preload (JS stacks); default true. */
      bootstrap: z.boolean().optional(),
    })
    .strict(),
  'run.command': z
    .object({
      argv: z.array(z.string().max(4096)).min(1).max(256),
      cwd: z.string().max(4096).optional(),
      daemon: z.boolean().optional(),
      limits: limitsSchema.optional(),
      /** ProcLab's bootstrap: Python's on the run's PYTHONPATH (line-buffered output, thread names, stacks, lock owners), Node's preload (JS stacks); default true. */
      bootstrap: z.boolean().optional(),
    })
    .strict(),
  /** A program the user wrote in the scratchpad, run by the real interpreter in a folder of its own. */
  'run.code': z
    .object({
      runtime: z.enum(CODE_RUNTIMES),
      code: z
        .string()
        .min(1, 'the program is empty')
        .refine((c) => c.trim().length > 0, 'the program is empty')
        .refine((c) => new TextEncoder().encode(c).length <= MAX_CODE_BYTES, `the program is larger than ${MAX_CODE_BYTES / 1024} KiB`)
        .refine((c) => !c.includes('\u0000'), 'the program contains a NUL character'),
      /** Shown in the runs list; the default is "scratchpad · <runtime>". */
      name: z.string().min(1).max(120).optional(),
      limits: limitsSchema.optional(),
      /** ProcLab's bootstrap: Python's on the run's PYTHONPATH (line-buffered output, thread names, stacks, lock owners), Node's preload (JS stacks); default true. */
      bootstrap: z.boolean().optional(),
    })
    .strict(),
  'run.stop': z.object({ runId: id }).strict(),
  'process.signal': z
    .object({
      pid,
      /** The start time the client saw; the engine refuses if the pid now names another process. */
      startTime: z.number().int().nonnegative().optional(),
      action: z.enum(SIGNAL_ACTIONS),
      /** The signal to send; required with action 'signal' and only allowed with it. */
      signal: z.enum(SIGNAL_NAMES).optional(),
      /** Required for processes outside the app's runs. */
      confirm: z.boolean().optional(),
    })
    .strict()
    .refine((p) => (p.action === 'signal') === (p.signal !== undefined), {
      message: "action 'signal' needs a signal name (e.g. SIGHUP), and only it takes one",
      path: ['signal'],
    }),
  'process.renice': z
    .object({
      pid,
      startTime: z.number().int().nonnegative().optional(),
      /** −20 (highest priority) … 19 (lowest), as nice(1). */
      nice: z.number().int().min(-20).max(19),
      confirm: z.boolean().optional(),
    })
    .strict(),
  'process.affinity': z
    .object({
      pid,
      startTime: z.number().int().nonnegative().optional(),
      /** A core list as taskset -c takes it: "0", "0,2", "0-3". */
      cores: z
        .string()
        .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'a core list such as 0,2 or 0-3')
        .max(256),
      confirm: z.boolean().optional(),
    })
    .strict(),
  'process.details': z
    .object({
      pid,
      startTime: z.number().int().nonnegative().optional(),
      /** The environment is read only when asked for: it may hold secrets. */
      env: z.boolean().optional(),
    })
    .strict(),
  /** Every thread's stacks (Python, kernel, native), from the sources the machine allows (shared/stacks.ts). */
  'process.stacks': z
    .object({
      pid,
      /** Also native frames through gdb (it stops the process while it reads it); default: only when no Python frames came. */
      native: z.boolean().optional(),
    })
    .strict(),
  /** One client's Monitor view (shared/monitor-view.ts, with its bounds). */
  'monitor.configure': monitorViewSchema,
  /** Newest first, one page at a time; `cursor` is the `next` of the previous page. */
  'runs.list': z.object({ limit: pageLimit(PAGE_LIMITS.runs.max), cursor: runsCursor.optional() }).strict(),
  /** One run's record; its samples and output come in pages (`limit` of each), the rest with the first page. */
  'runs.get': z.object({ runId: id, limit: pageLimit(PAGE_LIMITS.runData.max), cursor: runDataCursor.optional() }).strict(),
  'runs.update': z
    .object({ runId: id, name: z.string().min(1).max(200).optional(), tags: z.array(z.string().min(1).max(40)).max(20).optional() })
    .strict(),
  'runs.delete': z.object({ runId: id }).strict(),
  'compare.build': z.object({ runIds: z.array(id).min(1).max(20), baselineId: id.optional() }).strict(),
  'compare.models': z
    .object({
      scenarioId: z.string().min(1).max(64),
      models: z.array(z.string().min(1).max(32)).min(1).max(8),
      runtimes: z
        .array(z.enum(['python', 'node']))
        .min(1)
        .max(2),
      params: z.record(z.string().max(64), paramValue).default({}),
    })
    .strict(),
  'report.export': z.object({ runIds: z.array(id).min(1).max(20), format: z.enum(REPORT_FORMATS), baselineId: id.optional() }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandPayload<N extends CommandName> = z.input<(typeof commandSchemas)[N]>;
export type ParsedPayload<N extends CommandName> = z.output<(typeof commandSchemas)[N]>;
export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(x: unknown): x is CommandName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, x);
}
