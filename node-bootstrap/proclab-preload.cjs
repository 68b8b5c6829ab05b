'use strict';
/*
 * ProcLab's preload for the Node programs it starts (NODE_OPTIONS=--require, dependency-free).
 *
 * - In the run's root process (PROCLAB_STACKS_FD names the engine's channel): starts the stacks
 *   listener, an unref'd worker thread (proclab-listener.cjs) that owns the channel and reads the
 *   main thread's and the workers' JS stacks through the inspector when the engine asks. The
 *   main thread waits (bounded) until the listener is up, so every later worker finds it.
 * - In every worker thread: tells the listener its native TID (Node gives none), so each JS stack
 *   joins its thread row.
 * - Marks the program's own inspector use: then the listener stays out of the way.
 * Nothing else changes: no output, the env var is removed, the listener never keeps the program alive.
 */
const ENV_FD = 'PROCLAB_STACKS_FD';
const TIDS_CHANNEL = 'proclab-stacks-tids';
const READY_WAIT_MS = 2000;

function ownTid() {
  try {
    return Number(require('fs').readlinkSync('/proc/thread-self').split('/').pop()) || null;
  } catch {
    return null;
  }
}

function startListener(fd) {
  const path = require('path');
  const { Worker } = require('worker_threads');
  // [0]: the listener is up; [1]: the program uses the inspector itself.
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const inspector = require('inspector');
  const mark = () => Atomics.store(flags, 1, 1);
  if (inspector.url() || process.execArgv.some((a) => /^--inspect/.test(a))) mark();
  for (const m of ['connect', 'connectToMainThread']) {
    const orig = inspector.Session.prototype[m];
    if (typeof orig !== 'function') continue;
    Object.defineProperty(inspector.Session.prototype, m, {
      configurable: true,
      writable: true,
      value: function (...args) {
        if (!this.__proclab) mark();
        return orig.apply(this, args);
      },
    });
  }
  const openOrig = inspector.open;
  inspector.open = function (...args) {
    mark();
    return openOrig.apply(this, args);
  };
  const w = new Worker(path.join(__dirname, 'proclab-listener.cjs'), {
    workerData: { proclabListener: { fd, flags, mainTid: process.pid } },
    stdout: true,
    stderr: true,
  });
  // The listener's troubles are ProcLab's, never the program's: no unhandled 'error' on the main thread.
  w.on('error', () => {});
  w.unref();
  Atomics.wait(flags, 0, 0, READY_WAIT_MS);
}

function tellTid() {
  const wt = require('worker_threads');
  if (wt.workerData && typeof wt.workerData === 'object' && wt.workerData.proclabListener) return;
  const tid = ownTid();
  if (tid === null || typeof BroadcastChannel !== 'function') return;
  const bc = new BroadcastChannel(TIDS_CHANNEL);
  bc.postMessage({ threadId: wt.threadId, tid });
  bc.close();
}

try {
  const wt = require('worker_threads');
  if (wt.isMainThread) {
    const raw = process.env[ENV_FD];
    delete process.env[ENV_FD];
    const fd = Number(raw);
    if (raw !== undefined && Number.isInteger(fd) && fd > 2) startListener(fd);
  } else tellTid();
} catch {
  // Never stop the user's program for ProcLab's sake.
}
