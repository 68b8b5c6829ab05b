'use strict';
// producer-consumer (Node): P producer and C consumer worker threads, one bounded queue.
//
//   node main.js --producers 2 --consumers 2 --queue_size 5 --stop sentinel
//
// Node has no blocking queue, so this one is built the way a blocking queue is built: a ring
// buffer in a SharedArrayBuffer, a mutex and a "changed" sequence word, both waited on with
// Atomics.wait (a futex wait, "lock wait" in the monitor). A full queue blocks put() exactly like
// Python's. Consumers stop by a sentinel each (-1 here, Python's None), or (--stop joinable) by a
// task_done counter that main waits on before it ends the consumers (the daemon analogue).
const { params, emit, mark, metric, osTid } = require('../_kit/proclab.mjs');
const { Worker, isMainThread, workerData, parentPort } = require('node:worker_threads');

const HEAD = 0;
const TAIL = 1;
const COUNT = 2;
const LOCK = 3;
const SEQ = 4; // bumped on every put/get: waiters sleep on it
const UNFINISHED = 5; // items put but not yet task_done()
const SLOTS = 6;
const SENTINEL = -1;

const sleepMs = (ms) => ms > 0 && Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function lock(a) {
  while (Atomics.compareExchange(a, LOCK, 0, 1) !== 0) Atomics.wait(a, LOCK, 1);
}
function unlock(a) {
  Atomics.store(a, LOCK, 0);
  Atomics.notify(a, LOCK, 1);
}

/** Blocks while the queue is full. */
function put(a, size, v) {
  for (;;) {
    lock(a);
    if (a[COUNT] < size) {
      const tail = a[TAIL];
      a[SLOTS + tail] = v;
      a[TAIL] = (tail + 1) % size;
      a[COUNT]++;
      if (v !== SENTINEL) a[UNFINISHED]++;
      Atomics.add(a, SEQ, 1);
      unlock(a);
      Atomics.notify(a, SEQ);
      return;
    }
    const seq = Atomics.load(a, SEQ); // read under the lock: a change after it wakes us
    unlock(a);
    Atomics.wait(a, SEQ, seq);
  }
}

/** Blocks while the queue is empty. */
function get(a, size) {
  for (;;) {
    lock(a);
    if (a[COUNT] > 0) {
      const head = a[HEAD];
      const v = a[SLOTS + head];
      a[HEAD] = (head + 1) % size;
      a[COUNT]--;
      Atomics.add(a, SEQ, 1);
      unlock(a);
      Atomics.notify(a, SEQ);
      return v;
    }
    const seq = Atomics.load(a, SEQ);
    unlock(a);
    Atomics.wait(a, SEQ, seq);
  }
}

if (!isMainThread) {
  const { role, index, shared, seen, size, items, produceMs, consumeMs } = workerData;
  const a = new Int32Array(shared);
  const taken = new Int32Array(seen);
  mark(`${role} ${index} started (pid ${process.pid})`);
  if (role === 'producer') {
    for (let k = 0; k < items; k++) {
      sleepMs(produceMs);
      put(a, size, index * items + k);
    }
  } else {
    for (;;) {
      const item = get(a, size);
      if (item === SENTINEL) break;
      sleepMs(consumeMs);
      Atomics.add(taken, item, 1); // how many times this item was consumed
      Atomics.sub(a, UNFINISHED, 1); // task_done()
    }
  }
  parentPort.postMessage({ role, index, tid: osTid() });
} else {
  main();
}

async function main() {
  const p = params();
  const joinable = p.stop === 'joinable';
  const size = p.queue_size;
  const total = p.producers * p.items;
  const shared = new SharedArrayBuffer(4 * (SLOTS + size));
  const seen = new SharedArrayBuffer(4 * total);
  const a = new Int32Array(shared);
  const taken = new Int32Array(seen);
  const t0 = performance.now();
  const start = (role, index) =>
    new Worker(__filename, {
      workerData: { role, index, shared, seen, size, items: p.items, produceMs: p.produce_ms, consumeMs: p.consume_ms },
    });
  const ended = (w) => new Promise((r) => w.once('exit', r));
  const consumers = Array.from({ length: p.consumers }, (_, i) => start('consumer', i));
  const consumerExits = consumers.map(ended);
  let consumersEnded = 0;
  for (const e of consumerExits) e.then(() => consumersEnded++);
  const producers = Array.from({ length: p.producers }, (_, i) => start('producer', i));

  const consumedNow = () => taken.reduce((s, n) => s + n, 0);
  const sampler = setInterval(() => {
    metric('queue_depth', Atomics.load(a, COUNT));
    metric('consumed', consumedNow());
  }, 50);

  await Promise.all(producers.map(ended));
  mark('producers done');
  let endedBySentinel = 0;
  if (joinable) {
    while (Atomics.load(a, UNFINISHED) > 0) await new Promise((r) => setTimeout(r, 10)); // join()
    mark('queue joined: every item done');
    await Promise.all(consumers.map((w) => w.terminate())); // the daemon consumers end with main
  } else {
    // The sentinels go in from a worker-free main: put() could block, so wait without blocking the loop.
    for (let i = 0; i < p.consumers; i++) {
      while (Atomics.load(a, COUNT) >= size) await new Promise((r) => setTimeout(r, 5));
      put(a, size, SENTINEL);
    }
    await Promise.all(consumerExits);
    endedBySentinel = consumersEnded;
    mark('consumers joined');
  }
  await Promise.all(consumerExits);
  clearInterval(sampler);
  metric('queue_depth', Atomics.load(a, COUNT));
  metric('consumed', consumedNow());
  let unique = 0;
  let duplicates = 0;
  for (const n of taken) {
    if (n > 0) unique++;
    if (n > 1) duplicates += n - 1;
  }
  emit('result', {
    mode: p.stop,
    producers: p.producers,
    consumers: p.consumers,
    queue_size: size,
    produced: total,
    consumed: consumedNow(),
    unique,
    duplicates,
    consumers_ended_by_sentinel: endedBySentinel,
    consumers_exited: consumersEnded,
    wall_ms: Math.round(performance.now() - t0),
  });
}
