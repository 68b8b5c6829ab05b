import { z } from 'zod';
import type { Scope } from './model';
import { queryError } from './query';
import { SORT_KEY_NAMES } from './table-view';

// The Monitor's view, as a client asks for it (`monitor.configure`) and as the engine holds it.
// Its bounds are defined here only: the contract, the host's per-client views and the engine's
// MonitorView all import them.

/** The tick interval a client may ask for: below 250 ms /proc's CPU ticks are too coarse to mean much. */
export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 5000;
// Each listed pid costs reads on every tick.
/** Rows whose threads are read (expanded rows). */
export const MAX_THREADS_FOR = 64;
/** Rows whose disk I/O is read in system scope (a screen's worth and its overscan). */
export const MAX_IO_FOR = 512;
/** Rows whose sockets and TCP byte counters are read. */
export const MAX_NET_FOR = 64;
/** Most rows a client's table window may ask for at once (a screen and its overscan on both sides). */
export const MAX_TABLE_WINDOW = 500;
/** The refresh a view gets until it asks for another. */
export const DEFAULT_INTERVAL_MS = 1000;

export const clampInterval = (ms: number): number => Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.round(ms)));

export const pidSchema = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

const SCOPES = ['runs', 'system'] as const satisfies readonly Scope[];

/** A client's process table, cut by the host. */
export const tableSpecSchema = z
  .object({
    sort: z.object({ key: z.enum(SORT_KEY_NAMES), dir: z.enum(['asc', 'desc']) }).strict(),
    query: z
      .string()
      .max(500)
      .superRefine((q, ctx) => {
        const why = queryError(q);
        if (why) ctx.addIssue({ code: 'custom', message: why });
      }),
    mode: z.enum(['tree', 'flat']),
    hideKernel: z.boolean(),
    offset: z.number().int().min(0).max(1_000_000),
    count: z.number().int().min(1).max(MAX_TABLE_WINDOW),
    rev: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    frozen: z.boolean(),
    focusPid: pidSchema.optional(),
    expanded: z.array(pidSchema).max(MAX_THREADS_FOR).optional(),
  })
  .strict();

/** What the engine samples: the part of a view it must read (the union of the clients' views). */
export const monitorDemandSchema = z
  .object({
    scope: z.enum(SCOPES).optional(),
    intervalMs: z.number().int().min(MIN_INTERVAL_MS).max(MAX_INTERVAL_MS).optional(),
    /** pids whose threads the UI shows (expanded rows). */
    threadsFor: z.array(pidSchema).max(MAX_THREADS_FOR).optional(),
    /** pids (shown rows) whose disk I/O is read in system scope; the runs' processes always are. */
    ioFor: z.array(pidSchema).max(MAX_IO_FOR).optional(),
    /** pids whose sockets and per-connection TCP bytes are read. */
    netFor: z.array(pidSchema).max(MAX_NET_FOR).optional(),
  })
  .strict();

/** One client's view: what the engine reads for it, whether it is on screen, and its table. */
export const monitorViewSchema = monitorDemandSchema
  .extend({
    /** The client's window is hidden or minimized: it needs no ticks until it shows again. */
    hidden: z.boolean().optional(),
    /** The client's process table, cut by the host; null: send every row of the scope again. */
    table: tableSpecSchema.nullable().optional(),
  })
  .strict();

/** A change to what the engine samples; every field optional. */
export type MonitorDemandPatch = z.input<typeof monitorDemandSchema>;
/** What the engine samples, every field given (what `configure` answers). */
export type MonitorConfig = Required<z.output<typeof monitorDemandSchema>>;
