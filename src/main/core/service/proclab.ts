import { existsSync, statSync } from 'node:fs';
import { shellJoin } from '../../../shared/argv';
import { join } from 'node:path';
import { type CommandName, type CommandPayload, type ParsedPayload } from '../../../shared/commands';
import { reasonFields, say } from '../../../shared/engine-texts';
import { ProclabError } from '../../../shared/errors';
import type { LessonBand, LifecycleEvent, RunData, RunInfo, RunLimits, RunOutput } from '../../../shared/model';
import { statusOf } from '../../../shared/outcome';
import type { BatchProgress, CommandResults, EventMap, EventName } from '../../../shared/results';
import { compareParam, validateParams, type ScenarioInfo } from '../../../shared/scenario';
import { parsePayload } from '../../../shared/protocol';
import { Engine, type EngineEvents } from '../engine/engine';
import { ScenarioCatalog } from '../scenarios/catalog';
import { buildLaunch, defaultScenariosDir } from '../scenarios/registry';
import { BUNDLED_LESSONS } from '../lessons/bundled';
import { evaluateLesson, type BandInput, type LessonMap } from '../lessons';
import { RunStore, storageRefusal, storeCapFromEnv } from '../runs/run-store';
import { pageRunJournal, pageRuns } from '../runs/pages';
import { newRunId } from '../runs/run-id';
import { machineInfo } from '../runs/machine';
import { buildComparison } from '../runs/compare';
import { exportReportFile } from '../reports';
import { EventHub } from './emitter';
import { ModelBatches } from './model-batches';
import { APP_VERSION } from './version';
import { removeScratch, removeStaleScratch, writeScratch } from '../scratch/scratch';
import { stacksOf } from '../stacks/stacks';
import { ViewRegistry } from './views';

export interface ProclabOptions {
  dataDir: string;
  host: 'electron' | 'web' | 'cli';
  scenariosDir?: string;
  /** The scenarios' lessons by folder (default: those bundled at build time; tests add fixtures). */
  lessons?: LessonMap;
  intervalMs?: number;
  /** Deadlock watchdog threshold (default 3000 ms; the CLI reads PROCLAB_DEADLOCK_MS). */
  deadlockMs?: number;
  /** At most this many runs at once (default $PROCLAB_MAX_RUNS or 16); one more is refused. */
  maxRuns?: number;
  /** The runs folder's cap in bytes (default $PROCLAB_MAX_STORE or 200 MiB); beyond it the oldest ended runs go. */
  storeCapBytes?: number;
  /** One-line notices for the user (a damaged journal moved aside, a data dir that cannot be written); default: stderr. */
  onNotice?: (text: string) => void;
}

const DEFAULT_MAX_RUNS = 16;

function maxRunsOf(opts: ProclabOptions): number {
  const env = Number(process.env.PROCLAB_MAX_RUNS);
  const n = opts.maxRuns ?? (Number.isInteger(env) && env > 0 ? env : DEFAULT_MAX_RUNS);
  return Math.max(1, n);
}

export interface Proclab {
  /** `viewId` names the client's view (a ClientSession's); without it, the in-process caller's own view. */
  handle<N extends CommandName>(name: N, payload: CommandPayload<N>, viewId?: number): Promise<CommandResults[N]>;
  on<E extends EventName>(event: E, cb: (d: EventMap[E]) => void): () => void;
  waitForRun(runId: string, timeoutMs?: number): Promise<RunData>;
  waitForBatch(batchId: string): Promise<BatchProgress>;
  shutdown(): Promise<void>;
  readonly engine: Engine;
  /** Every client's view; the engine samples their union. */
  readonly views: ViewRegistry;
}

/** A fresh run record: running, nothing measured yet. */
function newRun(r: Pick<RunInfo, 'name' | 'scenarioId' | 'runtime' | 'params' | 'argv' | 'cwd' | 'source'>): RunInfo {
  return {
    id: newRunId(),
    ...r,
    status: 'running',
    startedAt: Date.now(),
    endedAt: null,
    rootPid: null,
    exit: null,
    reason: null,
    outcome: null,
    verdict: null,
    tags: [],
  };
}

/** A scratchpad run's default wall-time limit (the form can set another, within the hard maxima). */
export const SCRATCH_TIMEOUT_MS = 120_000;

type Handlers = { [N in CommandName]: (p: ParsedPayload<N>, viewId: number) => Promise<CommandResults[N]> | CommandResults[N] };

/**
 * The one object every host drives: command handlers over the engine, the scenario
 * registry and the run journal. Hosts only parse, forward and fan events out.
 */
export async function createProclab(opts: ProclabOptions): Promise<Proclab> {
  const hub = new EventHub();
  const scenariosDir = opts.scenariosDir ?? defaultScenariosDir();
  const lessons = opts.lessons ?? BUNDLED_LESSONS;
  const notice = opts.onNotice ?? ((t: string) => process.stderr.write(`proclab: ${t}\n`));
  const store = new RunStore(join(opts.dataDir, 'runs'), {
    capBytes: opts.storeCapBytes ?? storeCapFromEnv(),
    onNotice: notice,
    // The disk refused a write of a run's journal: the run is stopped cleanly (its processes ended),
    // not left running unrecorded; its record says why in one line.
    onStorageError: (runId, e) => {
      const full = e.code === 'ENOSPC' || e.code === 'EDQUOT';
      const why = full ? say('why.disk-full') : say('why.storage', { message: e.code ?? e.message });
      notice(`run ${runId}: ${why.en}`);
      outBuf.push({ runId, ts: Date.now(), stream: 'stderr', kind: 'log', text: `[proclab] ${why.en}` });
      if (active.has(runId)) void engine.stopRun(runId, why, 'interrupted').catch(() => {});
    },
  });
  const engine = new Engine({ stateDir: join(opts.dataDir, 'state'), intervalMs: opts.intervalMs, deadlockMs: opts.deadlockMs });
  const machine = machineInfo();
  const scenarioOf = new Map<string, ScenarioInfo>();
  const waiters = new Map<string, Array<(d: RunData) => void>>();
  const views = new ViewRegistry((d) => engine.configure(d), engine.configure({}).intervalMs);
  // The CLI and tests call handle() in-process: their view joins the union once they configure it.
  const localView = views.open({ touched: false });
  const maxRuns = maxRunsOf(opts);
  /** Runs launched and not yet ended (the K of "at most K runs at once"). */
  const active = new Set<string>();

  // Outputs can come in floods: journal each line, but push them to clients once per 100 ms.
  const outBuf: RunOutput[] = [];
  const outTimer = setInterval(() => {
    if (outBuf.length) hub.emit('output', outBuf.splice(0));
  }, 100);
  outTimer.unref();

  engine.on('tick', (t) => hub.emit('tick', t));
  engine.on('lifecycle', (e: LifecycleEvent) => {
    if (e.runId && store.has(e.runId)) store.appendEvent(e.runId, e);
    hub.emit('lifecycle', [e]);
  });
  engine.on('output', (o: RunOutput) => {
    if (store.has(o.runId)) store.appendOutput(o.runId, o);
    outBuf.push(o);
  });
  engine.on('deadlock', (d) => {
    if (d.runId && store.has(d.runId)) store.appendDeadlock(d.runId, d);
    hub.emit('deadlock', d);
  });
  // Not journalled: the samples keep the counts; the socket list is what the run holds now.
  engine.on('run-net', (n) => hub.emit('run-net', n));
  engine.on('run-sample', ({ runId, sample }) => {
    if (store.has(runId)) store.appendSample(runId, sample);
  });
  /** Runs being finished (their journal read for a verdict): shutdown waits for them. */
  const finishing = new Set<Promise<void>>();
  engine.on('run-exit', (e) => {
    const p = finishRun(e).catch((err: unknown) => notice(`run ${e.runId}: could not be finished: ${(err as Error).message}`));
    finishing.add(p);
    void p.finally(() => finishing.delete(p));
  });
  async function finishRun({ runId, exit, reason, outcome, endedAt }: EngineEvents['run-exit']) {
    active.delete(runId);
    if (!store.has(runId)) return;
    if (store.list().find((r) => r.id === runId)?.source) removeScratch(opts.dataDir, runId);
    if (outBuf.length) hub.emit('output', outBuf.splice(0));
    const status = statusOf(outcome, exit);
    // A signal the user sent the run's root ends it as a stop, and says which signal.
    const why = reason ?? (outcome.cause === 'user-stop' && exit.signal ? say('why.user-signal', { signal: exit.signal }) : null);
    const reasons = why ? reasonFields(why) : { reason: null };
    const scenarioId = store.info(runId).scenarioId;
    const scenario = scenarioId ? scenarioOf.get(scenarioId) : undefined;
    const lesson = scenario ? lessons.get(scenario.id) : undefined;
    // A run cut short by Stop is not judged; a signal the user sent its root (signals, kill) is
    // part of what the lesson watches, so that run is.
    const cutShort = status === 'stopped' && exit.by !== 'user';
    const judged = lesson && !('error' in lesson) && !cutShort ? lesson : null;
    // Read the journal once, and only if someone needs it whole: the verdict and anyone waiting
    // for the run get the same record, and the run is finished with one 'end' record that
    // already carries the verdict. A journal too big to read whole is not judged.
    let data: RunData | null = null;
    if (judged || waiters.has(runId)) {
      try {
        data = await store.get(runId);
        data.info = { ...data.info, status, exit, ...reasons, outcome, endedAt };
      } catch (e) {
        outBuf.push({ runId, ts: Date.now(), stream: 'stderr', kind: 'log', text: `[proclab] ${(e as Error).message}` });
      }
    }
    let verdict = null;
    if (judged && data) {
      try {
        verdict = evaluateLesson(judged, data);
      } catch (e) {
        outBuf.push({ runId, ts: Date.now(), stream: 'stderr', kind: 'log', text: `verdict failed: ${(e as Error).message}` });
      }
    }
    const info = store.finish(runId, { status, exit, ...reasons, outcome, endedAt, verdict });
    hub.emit('run', info);
    const whole: RunData = data ? { ...data, info } : { info, machine, samples: [], events: [], outputs: [] };
    for (const w of waiters.get(runId) ?? []) w(whole);
    waiters.delete(runId);
  }

  // Leftovers of a crashed instance are ended first: nothing found in the data dir may keep them alive.
  await engine.start();
  await store.open();
  removeStaleScratch(opts.dataDir, (id) => store.list().some((r) => r.id === id && r.status === 'running'));

  const catalog = new ScenarioCatalog(scenariosDir, lessons);
  const listScenarios = () => {
    const r = catalog.list();
    for (const s of r.scenarios) scenarioOf.set(s.id, s);
    return r;
  };
  listScenarios();

  async function launch(
    info: RunInfo,
    argv: string[],
    cwd: string,
    env: Record<string, string> | undefined,
    limits: Partial<RunLimits>,
    daemon?: boolean,
    bootstrap?: boolean,
  ) {
    if (active.size >= maxRuns) throw ProclabError.saying('conflict', say('err.too-many-runs', { max: maxRuns }));
    store.create(info, machine);
    active.add(info.id);
    hub.emit('run', info);
    try {
      const id = await engine.launch({ runId: info.id, argv, cwd, env, limits, daemon, ...(bootstrap === false && { bootstrap }) });
      const updated = store.updateInfo(info.id, {
        rootPid: id.pid,
        limits: id.limits,
        contained: id.contained,
        memorySource: id.memorySource,
      });
      hub.emit('run', updated);
      return updated;
    } catch (e) {
      active.delete(info.id);
      // The launcher already names the program and the cause; say it once, on the run and in the reply.
      const text =
        e instanceof ProclabError && e.text
          ? e.text
          : say('err.could-not-start', { program: argv[0] ?? '?', message: (e as Error).message });
      const failed = store.finish(info.id, { status: 'failed', outcome: { cause: 'exit' }, endedAt: Date.now(), ...reasonFields(text) });
      hub.emit('run', failed);
      throw ProclabError.saying('invalid-payload', text);
    }
  }

  function startScenario(p: ParsedPayload<'run.start'>): Promise<RunInfo> {
    const s = scenarioOf.get(p.scenarioId) ?? listScenarios().scenarios.find((x) => x.id === p.scenarioId);
    if (!s) throw new ProclabError('not-found', `no scenario "${p.scenarioId}" (see the catalogue or \`proclab list\`)`);
    if (!s.runtimes[p.runtime]) throw new ProclabError('invalid-payload', `scenario "${s.id}" has no ${p.runtime} program`);
    const v = validateParams(s, p.runtime, p.params);
    if (!v.ok)
      throw new ProclabError(
        'invalid-payload',
        v.issues.map((i) => i.message).join('; '),
        v.issues.map((i) => ({ path: `params.${i.param}`, message: i.message })),
      );
    const { argv, cwd, env } = buildLaunch(s, p.runtime, v.values);
    // The compared parameter's value names the run, so a comparison's columns tell the runs apart.
    const compared = v.values[compareParam(s)];
    const model = typeof compared === 'string' ? ` ${compared}` : '';
    const info = newRun({ name: `${s.id} · ${p.runtime}${model}`, scenarioId: s.id, runtime: p.runtime, params: v.values, argv, cwd });
    const band = lessonBand(s.id, { runtime: p.runtime, params: v.values, cores: machine.cores });
    if (band) info.band = band;
    // The scenario's own timeout is its default; a caller's limit wins, within the hard maxima (zod).
    return launch(info, argv, cwd, env, { maxDurationMs: s.timeoutSec * 1000, ...p.limits }, undefined, p.bootstrap);
  }

  /** The lesson's pass band for a run about to start; a lesson that throws here draws no band and still judges. */
  function lessonBand(scenarioId: string, input: BandInput): LessonBand | null {
    const lesson = lessons.get(scenarioId);
    if (!lesson || 'error' in lesson || !lesson.band) return null;
    try {
      return lesson.band(input);
    } catch {
      return null;
    }
  }

  const batches = new ModelBatches({
    startScenario,
    waitForRun: (id) => waitForRun(id),
    emit: (b) => hub.emit('batch', b),
    scenarios: () => scenarioOf,
  });

  function waitForRun(runId: string, timeoutMs = 10 * 60_000): Promise<RunData> {
    const info = store.list().find((r) => r.id === runId);
    if (!info) return Promise.reject(ProclabError.saying('not-found', say('err.no-run', { runId })));
    if (info.status !== 'running') return store.get(runId);
    return new Promise((resolve, reject) => {
      const waiter = (d: RunData): void => {
        clearTimeout(timer);
        resolve(d);
      };
      const timer = setTimeout(() => {
        // A run that never ends here (another host's) must not keep its waiter for good.
        const rest = (waiters.get(runId) ?? []).filter((w) => w !== waiter);
        if (rest.length) waiters.set(runId, rest);
        else waiters.delete(runId);
        reject(new ProclabError('unavailable', `run ${runId} did not end within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const list = waiters.get(runId) ?? [];
      list.push(waiter);
      waiters.set(runId, list);
    });
  }

  /** The seed concepts the runs' scenarios show (a report names them). */
  const conceptsOf = (runs: RunData[]): number[] => {
    const ids = new Set(runs.map((r) => r.info.scenarioId));
    return [...new Set([...ids].flatMap((id) => (id ? (scenarioOf.get(id)?.concepts ?? []) : [])))].sort((a, b) => a - b);
  };

  const handlers: Handlers = {
    'app.info': () => ({
      version: APP_VERSION,
      host: opts.host === 'electron' ? 'electron' : 'web',
      selfPid: process.pid,
      platform: engine.caps(),
      machine,
      dataDir: opts.dataDir,
    }),
    'scenarios.list': () => listScenarios(),
    'run.start': (p) => startScenario(p),
    'run.command': (p) => {
      const cwd = p.cwd ?? process.cwd();
      if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw ProclabError.saying('invalid-payload', say('err.cwd', { cwd }));
      const info = newRun({ name: shellJoin(p.argv).slice(0, 120), scenarioId: null, runtime: 'command', params: {}, argv: p.argv, cwd });
      return launch(info, p.argv, cwd, undefined, p.limits ?? {}, p.daemon, p.bootstrap);
    },
    'run.code': async (p) => {
      const info = newRun({
        name: p.name ?? `scratchpad · ${p.runtime}`,
        scenarioId: null,
        runtime: p.runtime,
        params: {},
        argv: [],
        cwd: '',
        source: { runtime: p.runtime, code: p.code },
      });
      store.assertWritable();
      let l: ReturnType<typeof writeScratch>;
      try {
        l = writeScratch(opts.dataDir, info.id, p.runtime, p.code);
      } catch (e) {
        removeScratch(opts.dataDir, info.id);
        throw storageRefusal(e);
      }
      try {
        // A scratchpad program gets the limits a scenario gets by default: a wall-time bound included.
        return await launch(
          { ...info, argv: l.argv, cwd: l.cwd },
          l.argv,
          l.cwd,
          l.env,
          { maxDurationMs: SCRATCH_TIMEOUT_MS, ...p.limits },
          undefined,
          p.bootstrap,
        );
      } catch (e) {
        removeScratch(opts.dataDir, info.id);
        throw e;
      }
    },
    'run.stop': async (p) => {
      const info = store.list().find((r) => r.id === p.runId);
      if (!info) throw ProclabError.saying('not-found', say('err.no-run', { runId: p.runId }));
      if (info.status !== 'running') return info;
      const done = waitForRun(p.runId, 30_000);
      // Both awaited together: when stopRun fails (the run is another host's), the wait's own
      // timeout later must not be a rejection nobody handles.
      const [, data] = await Promise.all([
        engine.stopRun(p.runId, say('why.user-stop')).catch((e: unknown) => {
          if (e instanceof ProclabError && e.code === 'not-found')
            throw ProclabError.saying('not-found', say('err.run-elsewhere', { runId: p.runId }));
          throw e;
        }),
        done,
      ]);
      return data.info;
    },
    'process.signal': (p) => engine.signal(p),
    'process.renice': (p) => engine.renice(p),
    'process.affinity': (p) => engine.affinity(p),
    'process.details': (p) => engine.details(p),
    'process.stacks': (p) => stacksOf(p.pid, { ...(p.native !== undefined && { native: p.native }) }),
    'monitor.configure': (p, viewId) => {
      const v = views.update(viewId, p);
      return {
        scope: v.scope,
        intervalMs: v.intervalMs,
        threadsFor: [...v.threadsFor],
        ioFor: [...v.ioFor],
        netFor: [...v.netFor],
        hidden: v.hidden,
        table: v.table && { ...v.table },
      };
    },
    // Re-reads the folder so runs made by another instance (the CLI next to the app) show up.
    'runs.list': async (p) => {
      await store.open();
      return pageRuns(store.list(), p.limit, p.cursor);
    },
    'runs.get': (p) => pageRunJournal(store, p.runId, p.limit, p.cursor),
    'runs.update': (p) => {
      store.info(p.runId); // not-found check
      const info = store.updateInfo(p.runId, {
        ...(p.name !== undefined && { name: p.name }),
        ...(p.tags !== undefined && { tags: p.tags }),
      });
      hub.emit('run', info);
      return info;
    },
    'runs.delete': (p) => {
      const info = store.list().find((r) => r.id === p.runId);
      if (!info) throw ProclabError.saying('not-found', say('err.no-run', { runId: p.runId }));
      if (info.status === 'running') throw ProclabError.saying('conflict', say('err.delete-running', { runId: p.runId }));
      store.delete(p.runId);
      return { deleted: p.runId };
    },
    'compare.build': async (p) => buildComparison(await Promise.all(p.runIds.map((id) => store.get(id))), p.baselineId),
    'compare.models': (p) => batches.start(p),
    'report.export': async (p) => {
      const runs = await Promise.all(p.runIds.map((id) => store.get(id)));
      return exportReportFile(p.format, runs, p.baselineId, undefined, conceptsOf(runs));
    },
  };

  let closed = false;
  return {
    engine,
    views,
    async handle(name, payload, viewId = localView) {
      if (closed) throw ProclabError.saying('unavailable', say('err.shutting-down'));
      const parsed = parsePayload(name, payload);
      if (!parsed.ok) throw new ProclabError('invalid-payload', parsed.error.message, parsed.error.issues);
      const h = handlers[name] as (p: unknown, v: number) => Promise<CommandResults[typeof name]> | CommandResults[typeof name];
      if (!views.get(viewId)) throw new ProclabError('invalid-payload', `no client view ${viewId}`);
      return h(parsed.data, viewId);
    },
    on: (event, cb) => hub.on(event, cb),
    waitForRun,
    waitForBatch: (id) => batches.wait(id),
    async shutdown() {
      if (closed) return;
      closed = true;
      batches.cancelAll();
      await engine.shutdown();
      await Promise.all(finishing);
      store.close();
      clearInterval(outTimer);
      if (outBuf.length) hub.emit('output', outBuf.splice(0));
    },
  };
}
