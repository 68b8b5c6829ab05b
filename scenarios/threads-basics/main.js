'use strict';
// threads-basics (Node): worker_threads live inside one process.
//
//   node main.js --threads 4 --hold_ms 2000
//
// Every worker reports the same PID but its own thread ids: Node's threadId and, on
// Linux, the kernel's TID. Unlike Python threads, workers do NOT share JS globals: each
// has its own heap. Memory is shared only on purpose, through a SharedArrayBuffer.
// The scenario kit (../_kit/proclab.mjs): parameters from manifest.json, protocol lines.
const { params, emit, osTid } = require('../_kit/proclab.mjs');
const { Worker, isMainThread, workerData, parentPort, threadId } = require('node:worker_threads');

globalThis.COUNTER = 0;

if (!isMainThread) {
  const { shared, adds, holdMs } = workerData;
  const counter = new Int32Array(shared);
  globalThis.COUNTER = 100; // this worker's OWN global: main will not see it
  for (let i = 0; i < adds; i++) Atomics.add(counter, 0, 1); // shared memory, updated atomically
  parentPort.postMessage({ pid: process.pid, tid: osTid(), threadId });
  emit('mark', { label: `worker ${threadId}: pid=${process.pid} tid=${osTid()}`, pid: process.pid, tid: osTid() });
  setTimeout(() => process.exit(0), holdMs); // stay alive so the monitor can count us
} else {
  main();
}

async function main() {
  const a = params();
  const n = Math.max(1, Math.min(64, parseInt(a.threads, 10) || 1));
  const adds = parseInt(a.adds, 10) || 10000;
  const holdMs = parseInt(a.hold_ms, 10) || 2000;
  emit('mark', { label: `main thread: pid=${process.pid} tid=${osTid()} threadId=${threadId}`, pid: process.pid, tid: osTid() });
  // Node already runs helper threads (libuv pool, V8): pause so the monitor sees the count before.
  await new Promise((r) => setTimeout(r, 1200));

  emit('mark', { label: `workers starting: ${n} worker threads` });
  const shared = new SharedArrayBuffer(4);
  const reports = [];
  await Promise.all(
    Array.from({ length: n }, () => {
      const w = new Worker(__filename, { workerData: { shared, adds, holdMs } });
      w.once('message', (m) => reports.push(m));
      return new Promise((r) => w.once('exit', r));
    }),
  );
  const tids = new Set([osTid() ?? `main-${threadId}`, ...reports.map((r) => r.tid ?? `worker-${r.threadId}`)]);
  const counter = Atomics.load(new Int32Array(shared), 0);
  emit('result', {
    pid: process.pid,
    threads: n,
    same_pid: Number(reports.every((r) => r.pid === process.pid)),
    distinct_tids: tids.size,
    thread_ids: reports.map((r) => r.threadId).join(','),
    globals_shared: Number(globalThis.COUNTER !== 0),
    main_global: globalThis.COUNTER,
    shared_counter: counter,
    expected_counter: n * adds,
  });
}
