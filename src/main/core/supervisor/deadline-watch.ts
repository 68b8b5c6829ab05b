import { Worker } from 'node:worker_threads';

/**
 * The wall-time limit's backstop, on a thread of its own. The supervisor ends a run at its
 * deadline from the main thread (TERM, grace, KILL), but the main thread also samples: with
 * thousands of processes one tick can hold it for seconds, and a timer on it fires only after.
 * This worker's event loop does nothing but wait, so at the deadline plus the grace period it
 * writes `1` to the run's `cgroup.kill` whatever the main thread is doing, and raises the run's
 * flag (shared memory, read synchronously when the run ends) so its outcome still says "timeout".
 *
 * Inline source (eval) so that no bundler has to know about a second entry point.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const timers = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'add') {
    const t = setTimeout(() => {
      timers.delete(m.id);
      Atomics.store(m.flag, 0, 1);
      try { fs.writeFileSync(m.killFile, '1'); } catch {}
    }, Math.max(0, m.at - Date.now()));
    timers.set(m.id, t);
  } else if (m.type === 'remove') {
    clearTimeout(timers.get(m.id));
    timers.delete(m.id);
  }
});
`;

export interface DeadlineHandle {
  /** True once the watcher has ended the run (read at the run's end to name its outcome). */
  fired(): boolean;
  /** The run ended: the watcher forgets it. */
  cancel(): void;
}

export class DeadlineWatch {
  private worker: Worker | null = null;
  private next = 0;

  /**
   * Kills everything in the cgroup whose `cgroup.kill` is given at wall-clock time `at` (ms),
   * unless cancelled first. Null where no worker can be started (the main-thread timer remains).
   */
  watch(killFile: string, at: number): DeadlineHandle | null {
    const w = this.ensure();
    if (!w) return null;
    const id = ++this.next;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    w.postMessage({ type: 'add', id, killFile, at, flag });
    let done = false;
    return {
      fired: () => Atomics.load(flag, 0) === 1,
      cancel: () => {
        if (done) return;
        done = true;
        this.worker?.postMessage({ type: 'remove', id });
      },
    };
  }

  private ensure(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      // A worker that fails must not take the host with it: the main-thread timer still stands.
      w.on('error', () => {
        if (this.worker === w) this.worker = null;
      });
      w.unref();
      this.worker = w;
      return w;
    } catch {
      return null;
    }
  }

  /** Ends the worker (at shutdown). It is unref'd, so it never keeps the host alive by itself. */
  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate().catch(() => 0);
  }
}
