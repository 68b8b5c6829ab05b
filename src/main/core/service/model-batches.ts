import { ProclabError } from '../../../shared/errors';
import { say } from '../../../shared/engine-texts';
import type { ParsedPayload } from '../../../shared/commands';
import type { RunData, RunInfo, Runtime } from '../../../shared/model';
import type { BatchProgress } from '../../../shared/results';
import { compareParam, type ScenarioInfo } from '../../../shared/scenario';
import { planModelBatch } from '../runs/model-batch';

interface Deps {
  startScenario(p: ParsedPayload<'run.start'>): Promise<RunInfo>;
  waitForRun(runId: string): Promise<RunData>;
  emit(b: BatchProgress): void;
  scenarios(): Map<string, ScenarioInfo>;
}

/** Values a scenario's compared parameter (`compareBy`, default `model`) offers for one runtime. */
export function supportedModels(s: ScenarioInfo, runtime: Runtime): string[] {
  const name = compareParam(s);
  const p = s.params.find((x) => x.name === name && x.type === 'enum' && (!x.runtimes || x.runtimes.includes(runtime)));
  return p && p.type === 'enum' && s.runtimes[runtime] ? p.values : [];
}

/**
 * "Compare models": the same workload across models and runtimes, one run after another
 * (never in parallel, so that runs do not steal cores from each other's measurements).
 */
export class ModelBatches {
  private seq = 0;
  private readonly batches = new Map<string, { progress: BatchProgress; done: Promise<BatchProgress>; cancelled: boolean }>();

  constructor(private readonly deps: Deps) {}

  start(p: ParsedPayload<'compare.models'>): BatchProgress {
    const s = this.deps.scenarios().get(p.scenarioId);
    if (!s) throw ProclabError.saying('not-found', say('err.no-scenario', { id: p.scenarioId }));
    const plan = planModelBatch(p.models, p.runtimes, (rt) => supportedModels(s, rt));
    if (!plan.length)
      throw ProclabError.saying(
        'invalid-payload',
        say('err.no-models', { id: s.id, models: p.models.join(', '), runtimes: p.runtimes.join(', ') }),
      );
    if ([...this.batches.values()].some((b) => !b.progress.finished)) throw ProclabError.saying('conflict', say('err.batch-running'));
    const batchId = `batch-${Date.now().toString(36)}-${++this.seq}`;
    const progress: BatchProgress = { batchId, done: 0, total: plan.length, current: null, runIds: [], finished: false, error: null };
    const entry = { progress, cancelled: false, done: Promise.resolve(progress) };
    entry.done = (async () => {
      try {
        for (const step of plan) {
          if (entry.cancelled) break;
          progress.current = `${step.runtime} · ${step.model}`;
          const info = await this.deps.startScenario({
            scenarioId: s.id,
            runtime: step.runtime,
            params: { ...p.params, [compareParam(s)]: step.model },
          });
          progress.runIds.push(info.id);
          this.deps.emit({ ...progress, runIds: [...progress.runIds] });
          await this.deps.waitForRun(info.id);
          progress.done++;
          this.deps.emit({ ...progress, runIds: [...progress.runIds] });
        }
      } catch (e) {
        progress.error = e instanceof Error ? e.message : String(e);
      }
      progress.finished = true;
      progress.current = null;
      if (entry.cancelled && !progress.error) progress.error = 'cancelled';
      this.deps.emit({ ...progress, runIds: [...progress.runIds] });
      return progress;
    })();
    this.batches.set(batchId, entry);
    this.deps.emit({ ...progress });
    return { ...progress };
  }

  wait(batchId: string): Promise<BatchProgress> {
    const b = this.batches.get(batchId);
    if (!b) return Promise.reject(new ProclabError('not-found', `no batch "${batchId}"`));
    return b.done;
  }

  cancelAll(): void {
    for (const b of this.batches.values()) b.cancelled = true;
  }
}
