'use strict';
// gil-counter (Node): worker threads decrement one counter in a SharedArrayBuffer.
//
//   node main.js --threads 20 --sleep_ms 20
//
// Node has no GIL: workers really run at once. Phases, each starting from `threads`:
//   plain  — `c[0] = c[0] - 1` once per worker: quick, they seldom overlap, so usually 0, but two
//            workers that start together can both read the same value: still a race
//   sleep  — read, sleep, write: every worker reads the same value, updates are lost
//   lock   — the same inside a mutex built on Atomics (others wait in the kernel): 0 again
//   atomic — Atomics.sub(c, 0, 1): one indivisible read-modify-write, 0 with no lock
const { writeSync } = require('node:fs');
const { Worker, isMainThread, workerData, parentPort } = require('node:worker_threads');
const { params, osTid } = require('../_kit/proclab.mjs');

const line = (o) => writeSync(1, JSON.stringify(o) + '\n');
const COUNTER = 0;
const MUTEX = 1;
const GATE = 2;

if (!isMainThread) {
  const { sab, phase, sleepMs } = workerData;
  const c = new Int32Array(sab);
  const nap = () => Atomics.wait(c, 3, 0, sleepMs); // a sleep that blocks this thread only
  if (phase === 'plain') c[COUNTER] = c[COUNTER] - 1;
  else if (phase === 'sleep') {
    // All read at about the same time, however slowly workers start (each takes milliseconds).
    parentPort.postMessage('ready');
    Atomics.wait(c, GATE, 0);
    const temp = c[COUNTER];
    nap();
    c[COUNTER] = temp - 1;
  } else if (phase === 'lock') {
    // Lock marks: the lesson checks this thread shows lock wait from "waiting" until "acquired".
    const lockMark = (label) => line({ ev: 'mark', label, lock: 'num', pid: process.pid, tid: osTid() });
    lockMark('waiting');
    while (Atomics.compareExchange(c, MUTEX, 0, 1) !== 0) Atomics.wait(c, MUTEX, 1);
    lockMark('acquired');
    const temp = c[COUNTER];
    nap();
    c[COUNTER] = temp - 1;
    Atomics.store(c, MUTEX, 0);
    Atomics.notify(c, MUTEX, 1);
    lockMark('released');
  } else Atomics.sub(c, COUNTER, 1);
} else {
  main();
}

async function runPhase(name, n, sleepMs) {
  const sab = new SharedArrayBuffer(16);
  const c = new Int32Array(sab);
  c[COUNTER] = n;
  line({ ev: 'mark', label: `phase: ${name}`, pid: process.pid, tid: osTid() });
  const t0 = performance.now();
  let ready = 0;
  const open = () => {
    if (++ready === n) {
      Atomics.store(c, GATE, 1);
      Atomics.notify(c, GATE);
    }
  };
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((ok, fail) =>
          new Worker(__filename, { workerData: { sab, phase: name, sleepMs } }).on('message', open).on('exit', ok).on('error', fail),
        ),
    ),
  );
  const ms = performance.now() - t0;
  line({ ev: 'mark', label: `phase ${name} done: num=${c[COUNTER]}`, pid: process.pid, tid: osTid() });
  return [c[COUNTER], ms];
}

async function main() {
  const a = params();
  const n = a.threads;
  const [plainFinal, plainMs] = await runPhase('plain', n, a.sleep_ms);
  const [sleepFinal, sleepMs] = await runPhase('sleep', n, a.sleep_ms);
  const [lockFinal, lockMs] = await runPhase('lock', n, a.sleep_ms);
  const [atomicFinal] = await runPhase('atomic', n, a.sleep_ms);
  line({
    ev: 'result',
    threads: n,
    sleep_ms: a.sleep_ms,
    plain_final: plainFinal,
    sleep_final: sleepFinal,
    lock_final: lockFinal,
    atomic_final: atomicFinal,
    plain_ms: Math.round(plainMs * 10) / 10,
    sleep_phase_ms: Math.round(sleepMs * 10) / 10,
    lock_phase_ms: Math.round(lockMs * 10) / 10,
  });
}
