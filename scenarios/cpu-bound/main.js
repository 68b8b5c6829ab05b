'use strict';
// cpu-bound: the same pure computation split over N workers, five ways (Node version).
//
//   node main.js --model threads --workers 4 --work_ms 6000
//
// Node runs your JavaScript on ONE thread: sequential code and async functions use one
// core at most. worker_threads and child processes each have their own thread, so they
// spread over all cores.
// The scenario kit (../_kit/proclab.mjs): parameters from manifest.json, protocol lines.
const { params, emit } = require('../_kit/proclab.mjs');
const { Worker, isMainThread, parentPort, workerData, threadId } = require('node:worker_threads');
const { fork } = require('node:child_process');
const os = require('node:os');

/** The pure computation: a plain loop, no IO. */
function crunch(n) {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (acc + i * i) % 1000003;
  return acc;
}

/** How many loop steps make `workMs` of one core here (measured for ~0.15 s). */
function calibrate(workMs) {
  let n = 1_000_000;
  for (;;) {
    const t0 = process.hrtime.bigint();
    crunch(n);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms >= 150) return Math.floor((n / ms) * workMs);
    n *= 2;
  }
}

const split = (total, parts) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

// --- code that runs inside a worker thread or a child process -----------------------
if (!isMainThread) {
  // A worker thread: compute each task it is sent, reply, and exit when told.
  emit('mark', { label: `worker thread ${threadId} started`, pid: process.pid });
  parentPort.on('message', (n) => {
    if (n === null) return process.exit(0);
    parentPort.postMessage(crunch(n));
  });
  if (workerData && workerData.once) parentPort.postMessage(crunch(workerData.once));
} else if (process.argv.includes('--child')) {
  // A child process started with fork(): compute, report, exit.
  process.on('message', (n) => {
    emit('mark', { label: 'child process started', pid: process.pid });
    process.send(crunch(n), () => process.exit(0));
  });
} else {
  main();
}

async function main() {
  const a = params();
  const workers = Math.max(1, Math.min(64, parseInt(a.workers, 10) || 1));
  const total = calibrate(parseInt(a.work_ms, 10) || 6000);
  const chunks = split(total, workers);
  const tasks = a.model === 'pool' ? chunks.flatMap((c) => split(c, 4)) : chunks;
  let done = 0;
  const progress = () => emit('progress', { done: ++done, total: tasks.length });

  emit('mark', { label: `${a.model}: ${workers} workers, ${total} loop steps`, pid: process.pid });
  emit('progress', { done: 0, total: tasks.length });
  const t0 = performance.now();
  const c0 = process.cpuUsage();

  if (a.model === 'sequential') {
    for (const n of chunks) {
      crunch(n);
      progress();
    }
  } else if (a.model === 'async') {
    // Async functions take turns on the one JS thread: yielding (setImmediate) between
    // slices lets the others run, but never at the same time.
    const tick = () => new Promise((r) => setImmediate(r));
    await Promise.all(
      chunks.map(async (n) => {
        for (const part of split(n, 20)) {
          crunch(part);
          await tick();
        }
        progress();
      }),
    );
  } else if (a.model === 'threads') {
    await Promise.all(
      chunks.map(
        (n) =>
          new Promise((resolve, reject) => {
            const w = new Worker(__filename, { workerData: { once: n } });
            w.once('message', () => (progress(), w.terminate().then(resolve)));
            w.once('error', reject);
          }),
      ),
    );
  } else if (a.model === 'processes') {
    await Promise.all(
      chunks.map(
        (n) =>
          new Promise((resolve, reject) => {
            const c = fork(__filename, ['--child']);
            c.once('message', () => progress());
            c.once('exit', resolve);
            c.once('error', reject);
            c.send(n);
          }),
      ),
    );
  } else {
    // pool: a fixed set of worker threads; each takes the next task when it is free.
    const queue = tasks.slice();
    await Promise.all(
      Array.from({ length: Math.min(workers, tasks.length) }, () => {
        const w = new Worker(__filename);
        return new Promise((resolve, reject) => {
          const next = () => (queue.length ? w.postMessage(queue.shift()) : w.terminate().then(resolve));
          w.on('message', () => (progress(), next()));
          w.once('error', reject);
          next();
        });
      }),
    );
  }

  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  // process.cpuUsage covers this process and its threads, not child processes.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  emit('result', {
    model: a.model,
    workers,
    iterations: total,
    wall_ms: +wall.toFixed(1),
    cpu_ms: +cpuMs.toFixed(1),
    cores: os.cpus().length,
  });
}
