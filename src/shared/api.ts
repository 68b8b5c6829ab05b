import { z } from 'zod';
import type { CommandName, CommandPayload } from './commands';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from './errors';
import type { I18nText, RunData, RunInfo } from './model';
import { allPages } from './paging';
import type { CommandResults, EventMap, EventName, ExportedReport } from './results';
import { createTickDecoder, type WireTick } from './table-delta';
import type { TableSpec } from './table-view';

/**
 * The one API the renderer talks to (`window.proclab`). The Electron preload and the
 * browser-mode client both build it from a transport with `createProclabApi`, so the UI
 * cannot tell which host it runs in.
 */
export interface Transport {
  invoke(cmd: CommandName, payload: unknown): Promise<unknown>;
  /** Whether the host answers; a transport that cannot lose it may leave it out (always connected). */
  connection?: ConnectionFeed;
  subscribe<E extends EventName>(event: E, cb: (data: EventMap[E]) => void): () => void;
  /** Hands an exported report to the user: a save dialog (Electron) or a download (browser). */
  save(report: ExportedReport): Promise<{ saved: boolean; path: string | null }>;
  host: 'electron' | 'web';
}

/**
 * Whether the UI's host is there. `disconnected`: it stopped answering (the socket closed, pings
 * went unanswered, IPC failed); `retryInMs` says when the next attempt is, null when the transport
 * cannot retry by itself. `restarted`: a host answers at the address, but it is a new start (its
 * token differs), so this page cannot speak to it: the user opens the address it printed.
 */
export type ConnectionState = { state: 'connected' } | { state: 'disconnected'; retryInMs: number | null } | { state: 'restarted' };

export interface ConnectionFeed {
  get(): ConnectionState;
  subscribe(cb: (s: ConnectionState) => void): () => void;
}

/** The connection state a transport keeps and reports (only changes are told). */
export function connectionFeed(): ConnectionFeed & { set(s: ConnectionState): void } {
  let cur: ConnectionState = { state: 'connected' };
  const subs = new Set<(s: ConnectionState) => void>();
  return {
    get: () => cur,
    set(s) {
      if (JSON.stringify(s) === JSON.stringify(cur)) return;
      cur = s;
      for (const cb of [...subs]) cb(s);
    },
    subscribe(cb) {
      subs.add(cb);
      return () => subs.delete(cb);
    },
  };
}

/**
 * Rejection value of every failed call. Electron's contextBridge copies only an Error's
 * message into the renderer, so the whole body also rides in the message, after the
 * readable part and a marker line; read errors with `describeError`, which works on
 * either side of the bridge.
 */
export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(`${body.message} [${body.code}]\n${BODY_MARK}${JSON.stringify(body)}`);
    this.name = 'ApiError';
  }
}

const BODY_MARK = 'proclab-error-body:';
const CODE_SUFFIX = / \[([a-z-]+)\]$/;
const bodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  text: z.object({ en: z.string(), zh: z.string() }).optional(),
});

export interface DescribedError {
  code: ErrorCode | null;
  message: string;
  issues: ErrorBody['issues'];
  /** The message in both languages, when the core had words for it. */
  text: I18nText | undefined;
}

/** The error code and the plain-words message of anything a call rejected with. */
export function describeError(e: unknown): DescribedError {
  if (e instanceof ApiError) return { code: e.body.code, message: e.body.message, issues: e.body.issues, text: e.body.text };
  const raw = e instanceof Error ? e.message : String(e);
  // The last marker at a line start: the readable part may quote anything, but JSON.stringify never emits a newline.
  const at = raw.lastIndexOf(`\n${BODY_MARK}`);
  if (at >= 0) {
    try {
      const b = bodySchema.parse(JSON.parse(raw.slice(at + 1 + BODY_MARK.length)));
      return { code: b.code, message: b.message, issues: b.issues, text: b.text };
    } catch {
      /* not ours after all: read it as plain text below */
    }
  }
  // Electron prefixes bridged rejections with "Error invoking remote method …: Error: ".
  const msg = raw.replace(/^Error invoking remote method '[^']*': (Error: )?/, '');
  const m = CODE_SUFFIX.exec(msg);
  return m
    ? { code: m[1] as ErrorCode, message: msg.replace(CODE_SUFFIX, ''), issues: undefined, text: undefined }
    : { code: null, message: msg, issues: undefined, text: undefined };
}

/** The pages of one runs.get as the one record they are cut from. */
export function mergeRunPages(pages: CommandResults['runs.get'][]): RunData {
  const [first, ...rest] = pages;
  if (!first) throw new Error('runs.get gave no page');
  const { next: _next, ...data } = first;
  return {
    ...data,
    samples: [...first.samples, ...rest.flatMap((p) => p.samples)],
    outputs: [...first.outputs, ...rest.flatMap((p) => p.outputs)],
  };
}

type Call<N extends CommandName> = (payload: CommandPayload<N>) => Promise<CommandResults[N]>;

export function createProclabApi(t: Transport) {
  const call =
    <N extends CommandName>(name: N): Call<N> =>
    (payload) =>
      t.invoke(name, payload) as Promise<CommandResults[N]>;
  // A lean tick's table comes as a delta against the frame before; it is rebuilt here, once,
  // for every listener, so the UI always sees whole ticks whichever host it runs in.
  const decode = createTickDecoder();
  let tableSpec: TableSpec | null = null;
  let resyncing = false;
  // The view as configured so far (each call may set a part): a host that comes back holds a
  // new session, so it gets the whole view again.
  let view: CommandPayload<'monitor.configure'> = {};
  const configureMonitor: Call<'monitor.configure'> = (payload) => {
    if (payload.table !== undefined) tableSpec = payload.table;
    view = { ...view, ...payload };
    return call('monitor.configure')(payload);
  };
  const feed: ConnectionFeed = t.connection ?? { get: () => ({ state: 'connected' }), subscribe: () => () => undefined };
  let was = feed.get().state;
  feed.subscribe((s) => {
    if (s.state === 'connected' && was !== 'connected' && Object.keys(view).length)
      void call('monitor.configure')(view).catch(() => undefined);
    was = s.state;
  });
  /** Sending the table spec again makes the host answer with a full frame. */
  const resync = (): void => {
    if (resyncing || !tableSpec) return;
    resyncing = true;
    void configureMonitor({ table: tableSpec })
      .catch(() => undefined)
      .finally(() => (resyncing = false));
  };
  const onTick = (cb: (data: EventMap['tick']) => void): (() => void) =>
    t.subscribe('tick', (raw) => {
      const wire = raw as unknown as WireTick;
      const tick = decode(wire);
      // A delta it cannot apply, or a host that lost the table (a reconnect is a new session): ask again.
      if (tableSpec && !tick.table) resync();
      cb(tick);
    });
  return {
    host: t.host,
    info: () => call('app.info')({}),
    listScenarios: () => call('scenarios.list')({}),
    startRun: call('run.start'),
    startCommand: call('run.command'),
    runCode: call('run.code'),
    stopRun: call('run.stop'),
    signal: call('process.signal'),
    renice: call('process.renice'),
    setAffinity: call('process.affinity'),
    processDetails: call('process.details'),
    processStacks: call('process.stacks'),
    configureMonitor,
    /** One page of runs (newest first); page on with the reply's `next`. */
    listRunsPage: call('runs.list'),
    /** Every run, read page by page. */
    listRuns: async (): Promise<RunInfo[]> =>
      (await allPages((cursor) => call('runs.list')(cursor ? { cursor } : {}))).flatMap((p) => p.runs),
    getRunPage: call('runs.get'),
    /** One run's whole record, its samples and output read page by page. */
    getRun: async ({ runId }: { runId: string }): Promise<RunData> =>
      mergeRunPages(await allPages((cursor) => call('runs.get')({ runId, ...(cursor ? { cursor } : {}) }))),
    updateRun: call('runs.update'),
    deleteRun: call('runs.delete'),
    compare: call('compare.build'),
    compareModels: call('compare.models'),
    exportReport: call('report.export'),
    saveReport: (r: ExportedReport) => t.save(r),
    /** Whether the host answers now. */
    connection: (): ConnectionState => feed.get(),
    /** Told on every change of the connection state (disconnected, connected again, restarted). */
    onConnection: (cb: (s: ConnectionState) => void): (() => void) => feed.subscribe(cb),
    on: <E extends EventName>(event: E, cb: (data: EventMap[E]) => void): (() => void) =>
      event === 'tick' ? onTick(cb as (data: EventMap['tick']) => void) : t.subscribe(event, cb),
  };
}
export type ProclabApi = ReturnType<typeof createProclabApi>;
