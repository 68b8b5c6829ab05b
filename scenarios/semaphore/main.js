'use strict';
// semaphore (Node): worker threads share a counting semaphore built on Atomics.
//
//   node main.js --workers 20 --permits 5 --hold_ms 500
//
// The semaphore is one Int32 in a SharedArrayBuffer: acquire takes a permit with
// compareExchange, or sleeps in Atomics.wait (a futex) while none is left; release adds one
// back and wakes a waiter. A bounded one refuses a release beyond its start value (RangeError).
const { writeSync } = require('node:fs');
const { Worker, isMainThread, workerData, parentPort } = require('node:worker_threads');
const { params, osTid } = require('../_kit/proclab.mjs');

const line = (o) => writeSync(1, JSON.stringify(o) + '\n');
// Words: permits left, inside now, peak inside, the start gate, workers done.
const SEM = 0;
const INSIDE = 1;
const PEAK = 2;
const GATE = 3;

function acquire(s, i) {
  for (;;) {
    const v = Atomics.load(s, i);
    if (v > 0 && Atomics.compareExchange(s, i, v, v - 1) === v) return;
    if (v === 0) Atomics.wait(s, i, 0);
  }
}
function release(s, i, bound = Infinity) {
  for (;;) {
    const v = Atomics.load(s, i);
    if (v + 1 > bound) throw new RangeError(`semaphore released too many times (bound ${bound})`);
    if (Atomics.compareExchange(s, i, v, v + 1) === v) break;
  }
  Atomics.notify(s, i, 1);
}

if (!isMainThread) {
  const { sab, times, me, holdMs } = workerData;
  const s = new Int32Array(sab);
  const ends = new Float64Array(times);
  const lockMark = (label) => line({ ev: 'mark', label, lock: 'sem', pid: process.pid, tid: osTid() });
  parentPort.postMessage('ready');
  Atomics.wait(s, GATE, 0); // everyone asks at once
  lockMark('waiting');
  acquire(s, SEM);
  lockMark('acquired');
  const inside = Atomics.add(s, INSIDE, 1) + 1;
  for (let p; (p = Atomics.load(s, PEAK)) < inside && Atomics.compareExchange(s, PEAK, p, inside) !== p;);
  line({ ev: 'metric', name: 'inside', value: inside });
  Atomics.wait(s, 7, 0, holdMs);
  line({ ev: 'metric', name: 'inside', value: Atomics.sub(s, INSIDE, 1) - 1 });
  release(s, SEM);
  lockMark('released');
  ends[me] = Date.now();
} else {
  main();
}

async function main() {
  const a = params();
  const sab = new SharedArrayBuffer(8 * 4);
  const times = new SharedArrayBuffer(8 * a.workers);
  const s = new Int32Array(sab);
  s[SEM] = a.permits;
  let ready = 0;
  let opened = 0;
  await Promise.all(
    Array.from(
      { length: a.workers },
      (_, me) =>
        new Promise((ok, fail) =>
          new Worker(__filename, { workerData: { sab, times, me, holdMs: a.hold_ms } })
            .on('message', () => {
              // Timed from the gate: starting a worker takes milliseconds each, not part of the lesson.
              if (++ready === a.workers) {
                opened = Date.now();
                Atomics.store(s, GATE, 1);
                Atomics.notify(s, GATE);
              }
            })
            .on('exit', ok)
            .on('error', fail),
        ),
    ),
  );
  const wall = Math.max(...new Float64Array(times)) - opened;

  const b = new Int32Array(new SharedArrayBuffer(4));
  b[0] = 1;
  acquire(b, 0);
  release(b, 0, 1);
  let boundedRaised = 0;
  try {
    release(b, 0, 1); // one release too many
  } catch (e) {
    boundedRaised = 1;
    line({ ev: 'mark', label: `bounded semaphore over-release: ${e.name}: ${e.message}` });
  }
  b[0] = 1;
  release(b, 0); // unbounded: no error, the count is now 2
  const plainGrew = Number(b[0] === 2);
  const waves = Math.ceil(a.workers / a.permits);
  line({
    ev: 'result',
    workers: a.workers,
    permits: a.permits,
    hold_ms: a.hold_ms,
    peak_inside: s[PEAK],
    waves,
    wall_ms: Math.round(wall * 10) / 10,
    expected_ms: waves * a.hold_ms,
    bounded_raised: boundedRaised,
    plain_grew: plainGrew,
  });
}
