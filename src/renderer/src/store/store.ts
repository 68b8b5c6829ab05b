import type { ProclabApi } from '../../../shared/api';
import type { BatchProgress, RunsPage } from '../../../shared/results';
import type { DeadlockEvent, LifecycleEvent, RunInfo, RunNetEvent, RunOutput, TickEvent } from '../../../shared/model';
import {
  applyBatch,
  applyDeadlock,
  applyLifecycle,
  applyOutputs,
  applyRun,
  applyRunList,
  applyRunNet,
  applyRunPage,
  applyTick,
  initialState,
  removeRun,
  setFrozen,
  type State,
} from './state';

/** Lifecycle/output events that arrive between ticks wait at most this long before they are shown. */
export const PENDING_FLUSH_MS = 400;

/**
 * One store for the whole renderer, read with useSyncExternalStore. A tick and the
 * lifecycle/output events queued since the previous tick become ONE update (one render).
 */
export class ProclabStore {
  private state: State = initialState();
  private listeners = new Set<() => void>();
  private pendingLifecycle: LifecycleEvent[] = [];
  private pendingOutputs: RunOutput[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  getState = (): State => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  private takePending(s: State): State {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pendingLifecycle.length) s = applyLifecycle(s, this.pendingLifecycle.splice(0));
    if (this.pendingOutputs.length) s = applyOutputs(s, this.pendingOutputs.splice(0));
    return s;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.state = this.takePending(this.state);
      this.emit();
    }, PENDING_FLUSH_MS);
  }

  receiveTick = (tick: TickEvent): void => {
    this.state = applyTick(this.takePending(this.state), tick);
    this.emit();
  };

  receiveLifecycle = (events: LifecycleEvent[]): void => {
    this.pendingLifecycle.push(...events);
    this.scheduleFlush();
  };

  receiveOutputs = (outputs: RunOutput[]): void => {
    this.pendingOutputs.push(...outputs);
    this.scheduleFlush();
  };

  receiveRun = (info: RunInfo): void => {
    // Flush first so a run's final events are in place when its verdict shows.
    this.state = applyRun(this.takePending(this.state), info);
    this.emit();
  };

  receiveDeadlock = (d: DeadlockEvent): void => {
    this.state = applyDeadlock(this.state, d);
    this.emit();
  };

  receiveRunNet = (n: RunNetEvent): void => {
    this.state = applyRunNet(this.state, n);
    this.emit();
  };

  receiveBatch = (b: BatchProgress): void => {
    this.state = applyBatch(this.state, b);
    this.emit();
  };

  setRuns(list: RunInfo[]): void {
    this.state = applyRunList(this.state, list);
    this.emit();
  }

  setRunPage(page: RunsPage, append: boolean): void {
    this.state = applyRunPage(this.state, page, append);
    this.emit();
  }

  forgetRun(runId: string): void {
    this.state = removeRun(this.state, runId);
    this.emit();
  }

  setFrozen(frozen: boolean): void {
    this.state = setFrozen(this.state, frozen);
    this.emit();
  }

  toggleFrozen(): void {
    this.setFrozen(this.state.frozen === null);
  }
}

/** Wires the app's events into the store; returns the unsubscribe. */
export function connectStore(api: ProclabApi, store: ProclabStore): () => void {
  const offs = [
    api.on('tick', store.receiveTick),
    api.on('lifecycle', store.receiveLifecycle),
    api.on('output', store.receiveOutputs),
    api.on('run', store.receiveRun),
    api.on('batch', store.receiveBatch),
    api.on('deadlock', store.receiveDeadlock),
    api.on('run-net', store.receiveRunNet),
  ];
  // The first page only: the Runs view loads more as the user scrolls to them.
  api
    .listRunsPage({})
    .then((page) => store.setRunPage(page, false))
    .catch(() => undefined);
  // A hidden or minimized window needs no ticks; the host then samples only what others show.
  const doc = typeof document === 'undefined' ? null : document;
  const onVisibility = (): void => {
    if (doc) api.configureMonitor({ hidden: doc.visibilityState === 'hidden' }).catch(() => undefined);
  };
  doc?.addEventListener('visibilitychange', onVisibility);
  return () => {
    offs.forEach((off) => off());
    doc?.removeEventListener('visibilitychange', onVisibility);
  };
}
