'use strict';
// queues (Node): FIFO, LIFO and priority order with arrays; a blocking put and a timed get on
// a bounded queue that a worker shares through a SharedArrayBuffer.
//
//   node main.js --block_ms 1500
//
// The shared queue: a count word and a ring of slots. put() waits in Atomics.wait (a futex,
// no timeout) while the count equals the capacity; get(timeout) waits with a timeout while
// it is 0 and gives up with an Empty error.
const { writeSync } = require('node:fs');
const { Worker, isMainThread, workerData } = require('node:worker_threads');
const { params, osTid } = require('../_kit/proclab.mjs');

const line = (o) => writeSync(1, JSON.stringify(o) + '\n');
const ITEMS = [5, 1, 4, 2, 3];
const CAP = 2;
const COUNT = 0;
const HEAD = 1;
const SLOTS = 2;

class Empty extends Error {}

function put(q, x) {
  while (Atomics.load(q, COUNT) === CAP) Atomics.wait(q, COUNT, CAP);
  q[SLOTS + ((Atomics.load(q, HEAD) + Atomics.load(q, COUNT)) % CAP)] = x;
  Atomics.add(q, COUNT, 1);
  Atomics.notify(q, COUNT);
}
function get(q, timeoutMs = Infinity) {
  const end = performance.now() + timeoutMs;
  while (Atomics.load(q, COUNT) === 0) {
    const left = end - performance.now();
    if (left <= 0 || Atomics.wait(q, COUNT, 0, left) === 'timed-out') throw new Empty('queue.Empty');
  }
  const h = Atomics.load(q, HEAD);
  const x = q[SLOTS + h];
  Atomics.store(q, HEAD, (h + 1) % CAP);
  Atomics.sub(q, COUNT, 1);
  Atomics.notify(q, COUNT);
  return x;
}

function worker() {
  const { sab, role, blockMs } = workerData;
  const q = new Int32Array(sab);
  const lockMark = (label, lock) => line({ ev: 'mark', label, lock, pid: process.pid, tid: osTid() });
  const t0 = performance.now();
  if (role === 'producer') {
    lockMark('waiting', 'put'); // the queue is full: put() waits for a free slot
    put(q, 7);
    lockMark('acquired', 'put');
    line({ ev: 'result', put_blocked_ms: Math.round((performance.now() - t0) * 10) / 10 });
  } else {
    lockMark('waiting', 'get'); // the queue is empty: get() waits, at most block_ms
    let empty = 0;
    try {
      get(q, blockMs);
    } catch (e) {
      if (!(e instanceof Empty)) throw e;
      empty = 1;
    }
    lockMark(empty ? 'timed out' : 'acquired', 'get');
    line({ ev: 'result', get_raised_empty: empty, get_waited_ms: Math.round((performance.now() - t0) * 10) / 10 });
  }
}

const run = (data) => new Promise((ok, fail) => new Worker(__filename, { workerData: data }).on('exit', ok).on('error', fail));

async function main() {
  const a = params();
  const fifo = [...ITEMS]; // push at the back, take from the front
  const lifo = [...ITEMS]; // push at the back, take from the back
  const prio = [];
  for (const x of ITEMS) prio.splice(prio.findIndex((y) => y > x) >>> 0, 0, x); // kept sorted: smallest first
  const out = { fifo: ITEMS.map(() => fifo.shift()), lifo: ITEMS.map(() => lifo.pop()), priority: ITEMS.map(() => prio.shift()) };
  line({ ev: 'mark', label: `put ${ITEMS}: FIFO ${out.fifo}, LIFO ${out.lifo}, priority ${out.priority}` });

  const sab = new SharedArrayBuffer(4 * (SLOTS + CAP));
  const q = new Int32Array(sab);
  put(q, 1);
  put(q, 2); // full
  const producer = run({ sab, role: 'producer', blockMs: a.block_ms });
  await new Promise((r) => setTimeout(r, a.block_ms));
  line({ ev: 'mark', label: 'get(): a slot is free', pid: process.pid, tid: osTid() });
  get(q); // frees a slot: the producer goes on
  await producer;

  await run({ sab: new SharedArrayBuffer(4 * (SLOTS + CAP)), role: 'consumer', blockMs: a.block_ms });
  line({
    ev: 'result',
    items: ITEMS.join(','),
    fifo: out.fifo.join(','),
    lifo: out.lifo.join(','),
    priority: out.priority.join(','),
    block_ms: a.block_ms,
  });
}

if (isMainThread) main();
else worker();
