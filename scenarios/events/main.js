'use strict';
// events (Node): an event flag, a condition's notify-one vs notify-all, a barrier with an
// action, and a timer, with worker threads and Atomics.
//
//   node main.js --waiters 10 --wait_ms 1500
//
// Event: waiters sleep in Atomics.wait(flag, 0) until main stores 1 and Atomics.notify()s all.
// Condition: Atomics.notify(word, 0, 1) wakes exactly one waiter (it returns how many it woke);
// notify with no count wakes them all. Barrier(3, action): a mutex on Atomics guards the
// arrival count; the last of each 3 runs the action and opens the next generation. Timer:
// setTimeout, and clearTimeout for the cancelled one. Workers write lines straight to fd 1.
const { writeSync } = require('node:fs');
const { Worker, isMainThread, workerData, parentPort } = require('node:worker_threads');
const { params, osTid } = require('../_kit/proclab.mjs');

const line = (o) => writeSync(1, JSON.stringify(o) + '\n');
const W = {
  EV: 0,
  EV_WAITING: 1,
  EV_DONE: 2,
  PHASE: 3,
  COND: 4,
  C_WAITING: 5,
  C_WOKE: 6,
  MUTEX: 7,
  ARRIVED: 8,
  GEN: 9,
  ACTIONS: 10,
  DONE: 11,
  NAP: 12,
};
const COND_WAITERS = 5;
const PARTIES = 3;
const MEMBERS = 9;

function waitPhase(s, p) {
  for (let v; (v = Atomics.load(s, W.PHASE)) < p;) Atomics.wait(s, W.PHASE, v);
}

function barrier(s, action) {
  while (Atomics.compareExchange(s, W.MUTEX, 0, 1) !== 0) Atomics.wait(s, W.MUTEX, 1);
  const gen = Atomics.load(s, W.GEN);
  const last = Atomics.add(s, W.ARRIVED, 1) + 1 === PARTIES;
  if (last) {
    action(); // once per generation, by the thread that completes it
    Atomics.store(s, W.ARRIVED, 0);
    Atomics.add(s, W.GEN, 1);
  }
  Atomics.store(s, W.MUTEX, 0);
  Atomics.notify(s, W.MUTEX, 1);
  if (last) Atomics.notify(s, W.GEN);
  else while (Atomics.load(s, W.GEN) === gen) Atomics.wait(s, W.GEN, gen);
}

function worker() {
  const { sab, times, me, waiters } = workerData;
  const s = new Int32Array(sab);
  const woke = new Float64Array(times);
  const lockMark = (label) => line({ ev: 'mark', label, lock: 'event', pid: process.pid, tid: osTid() });
  parentPort.postMessage('ready');
  if (me < waiters) {
    lockMark('waiting');
    Atomics.add(s, W.EV_WAITING, 1);
    Atomics.wait(s, W.EV, 0);
    woke[me] = performance.timeOrigin + performance.now();
    lockMark('acquired');
    Atomics.add(s, W.EV_DONE, 1);
  }
  waitPhase(s, 2);
  if (me < COND_WAITERS) {
    Atomics.add(s, W.C_WAITING, 1);
    Atomics.wait(s, W.COND, 0);
    Atomics.add(s, W.C_WOKE, 1);
  }
  waitPhase(s, 3);
  if (me < MEMBERS) {
    Atomics.wait(s, W.NAP, 0, me * 20); // arrive one after another
    barrier(s, () => Atomics.add(s, W.ACTIONS, 1));
  }
  Atomics.add(s, W.DONE, 1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(f) {
  while (!f()) await sleep(5);
}

async function main() {
  const a = params();
  const n = a.waiters;
  const all = Math.max(n, COND_WAITERS, MEMBERS);
  const sab = new SharedArrayBuffer(16 * 4);
  const times = new SharedArrayBuffer(8 * n);
  const s = new Int32Array(sab);
  let ready = 0;
  const exits = Array.from(
    { length: all },
    (_, me) =>
      new Promise((ok, fail) =>
        new Worker(__filename, { workerData: { sab, times, me, waiters: n } })
          .on('message', () => ready++)
          .on('exit', ok)
          .on('error', fail),
      ),
  );

  // 1. Event.
  await until(() => Atomics.load(s, W.EV_WAITING) === n);
  await sleep(a.wait_ms);
  line({ ev: 'mark', label: 'event.set()', pid: process.pid, tid: osTid() });
  const tSet = performance.timeOrigin + performance.now();
  Atomics.store(s, W.EV, 1);
  Atomics.notify(s, W.EV);
  await until(() => Atomics.load(s, W.EV_DONE) === n);
  const woke = [...new Float64Array(times)];

  // 2. Condition: notify one, then all.
  Atomics.store(s, W.PHASE, 2);
  Atomics.notify(s, W.PHASE);
  await until(() => Atomics.load(s, W.C_WAITING) === COND_WAITERS);
  // A worker counted itself just before it waits: notify(…, 1) until it wakes someone.
  while (Atomics.notify(s, W.COND, 1) === 0) await sleep(10);
  await sleep(200);
  const afterOne = Atomics.load(s, W.C_WOKE);
  Atomics.store(s, W.COND, 1); // late arrivals see the change and do not wait
  Atomics.notify(s, W.COND);
  await until(() => Atomics.load(s, W.C_WOKE) === COND_WAITERS);
  line({ ev: 'mark', label: `condition: notify one woke ${afterOne}, notify all the other ${COND_WAITERS - afterOne}` });

  // 3. Barrier.
  Atomics.store(s, W.PHASE, 3);
  Atomics.notify(s, W.PHASE);
  await Promise.all(exits);
  const actions = Atomics.load(s, W.ACTIONS);
  line({ ev: 'mark', label: `barrier: action ran ${actions} times for ${MEMBERS} threads in groups of ${PARTIES}` });

  // 4. Timer.
  const t0 = performance.now();
  const firedAfter = await new Promise((r) => setTimeout(() => r(performance.now() - t0), 200));
  let cancelledRan = 0;
  clearTimeout(setTimeout(() => cancelledRan++, 200));
  await sleep(400);

  line({
    ev: 'result',
    waiters: n,
    released: woke.filter((t) => t > 0).length,
    release_spread_ms: Math.round((Math.max(...woke) - Math.min(...woke)) * 100) / 100,
    release_lag_ms: Math.round((Math.max(...woke) - tSet) * 100) / 100,
    cond_waiters: COND_WAITERS,
    notify_woke: afterOne,
    notify_all_woke: COND_WAITERS - afterOne,
    barrier_actions: actions,
    barrier_generations: MEMBERS / PARTIES,
    timer_fired: 1,
    timer_after_ms: Math.round(firedAfter * 10) / 10,
    timer_interval_ms: 200,
    cancelled_ran: cancelledRan,
  });
  process.exitCode = ready === all ? 0 : 1;
}

if (isMainThread) main();
else worker();
