import type { CommandName, CommandPayload } from './commands';
import type { ErrorBody, ErrorCode } from './errors';
import type { CommandResults, EventMap, EventName, ExportedReport } from './results';

/**
 * The one API the renderer talks to (`window.proclab`). The Electron preload and the
 * browser-mode client both build it from a transport with `createProclabApi`, so the UI
 * cannot tell which host it runs in.
 */
export interface Transport {
  invoke(cmd: CommandName, payload: unknown): Promise<unknown>;
  subscribe<E extends EventName>(event: E, cb: (data: EventMap[E]) => void): () => void;
  /** Hands an exported report to the user: a save dialog (Electron) or a download (browser). */
  save(report: ExportedReport): Promise<{ saved: boolean; path: string | null }>;
  host: 'electron' | 'web';
}

/**
 * Rejection value of every failed call. The code also rides at the end of the message
 * because Electron's contextBridge copies only an Error's message into the renderer;
 * read errors with `describeError`, which works on either side of the bridge.
 */
export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(`${body.message} [${body.code}]`);
    this.name = 'ApiError';
  }
}

const CODE_SUFFIX = / \[([a-z-]+)\]$/;

/** The error code and the plain-words message of anything a call rejected with. */
export function describeError(e: unknown): { code: ErrorCode | null; message: string; issues: ErrorBody['issues'] } {
  if (e instanceof ApiError) return { code: e.body.code, message: e.body.message, issues: e.body.issues };
  const raw = e instanceof Error ? e.message : String(e);
  // Electron prefixes bridged rejections with "Error invoking remote method …: Error: ".
  const msg = raw.replace(/^Error invoking remote method '[^']*': (Error: )?/, '');
  const m = CODE_SUFFIX.exec(msg);
  return m
    ? { code: m[1] as ErrorCode, message: msg.replace(CODE_SUFFIX, ''), issues: undefined }
    : { code: null, message: msg, issues: undefined };
}

type Call<N extends CommandName> = (payload: CommandPayload<N>) => Promise<CommandResults[N]>;

export function createProclabApi(t: Transport) {
  const call =
    <N extends CommandName>(name: N): Call<N> =>
    (payload) =>
      t.invoke(name, payload) as Promise<CommandResults[N]>;
  return {
    host: t.host,
    info: () => call('app.info')({}),
    listScenarios: () => call('scenarios.list')({}),
    startRun: call('run.start'),
    startCommand: call('run.command'),
    stopRun: call('run.stop'),
    signal: call('process.signal'),
    configureMonitor: call('monitor.configure'),
    listRuns: () => call('runs.list')({}),
    getRun: call('runs.get'),
    updateRun: call('runs.update'),
    deleteRun: call('runs.delete'),
    compare: call('compare.build'),
    compareModels: call('compare.models'),
    exportReport: call('report.export'),
    saveReport: (r: ExportedReport) => t.save(r),
    on: <E extends EventName>(event: E, cb: (data: EventMap[E]) => void): (() => void) => t.subscribe(event, cb),
  };
}
export type ProclabApi = ReturnType<typeof createProclabApi>;
