'use strict';
// deadlock (Node): worker threads with a mutex built on Atomics.wait over a SharedArrayBuffer.
//
//   node main.js --case two-locks --threads 10
//   node main.js --case lock-twice
//   node main.js --case rlock
//   node main.js --case lucky-order
//
// Workers take locks A and B in opposite orders (or one worker takes its lock twice) and wait
// for each other forever, each in an untimed futex wait. Every acquire is announced with lock
// marks so ProcLab's watchdog can name the wait-for cycle. The main thread only supervises,
// in a timed wait, and gives up after --give_up_s. Marks are written straight to fd 1: a
// worker's process.stdout goes through the main thread, which is blocked.
const { writeSync } = require('node:fs');
const { Worker, isMainThread, workerData } = require('node:worker_threads');
const { params, osTid } = require('../_kit/proclab.mjs');

const line = (o) => writeSync(1, JSON.stringify(o) + '\n');
const mark = (label, lock, who) => line({ ev: 'mark', label, lock, thread: who, pid: process.pid, tid: osTid() });

// Word layout of the shared buffer.
const A = 0;
const B = 1;
const MET = 2; // the crossing pair's meeting count
const DONE = 3; // workers finished
const OWNER = 4; // re-entrant lock: owner's id + 1 and hold count
const COUNT = 5;
const NAMES = ['A', 'B'];

/** A plain mutex: 0 free, 1 taken; waiters sleep in the kernel (futex) until it is released. */
function lock(m, i) {
  while (Atomics.compareExchange(m, i, 0, 1) !== 0) Atomics.wait(m, i, 1);
}
function unlock(m, i) {
  Atomics.store(m, i, 0);
  Atomics.notify(m, i, 1);
}
/** A re-entrant mutex (like Python's RLock): its owner may take it again, once per release. */
function rlock(m, i, me) {
  if (Atomics.load(m, OWNER) === me) return void Atomics.add(m, COUNT, 1);
  lock(m, i);
  Atomics.store(m, OWNER, me);
  Atomics.store(m, COUNT, 1);
}
function runlock(m, i) {
  if (Atomics.sub(m, COUNT, 1) === 1) {
    Atomics.store(m, OWNER, 0);
    unlock(m, i);
  }
}
const sleepMs = (m, ms) => ms > 0 && Atomics.wait(m, 7, 0, ms);

function take(m, i, who, take_ = lock) {
  mark('waiting', NAMES[i] ?? 'L', who);
  take_(m, i);
  mark('acquired', NAMES[i] ?? 'L', who);
}
function give(m, i, who, give_ = unlock) {
  give_(m, i);
  mark('released', NAMES[i] ?? 'L', who);
}

function worker() {
  const { sab, i, kase, holdMs } = workerData;
  const m = new Int32Array(sab);
  const who = `worker-${i}`;
  if (kase === 'lucky-order') {
    // The opposite orders one worker after the other: nothing hangs this time (Node runs have no
    // lock-order record: only Python's bootstrap reports the potential deadlock).
    const [first, second] = i === 0 ? [A, B] : [B, A];
    take(m, first, who);
    sleepMs(m, holdMs);
    take(m, second, who);
    give(m, second, who);
    give(m, first, who);
  } else if (kase === 'two-locks') {
    const [first, second] = i % 2 === 0 ? [A, B] : [B, A];
    take(m, first, who);
    if (i < 2) {
      // Both of the pair hold their first lock before either asks for the second: the crossing is certain.
      Atomics.add(m, MET, 1);
      Atomics.notify(m, MET);
      for (let v; (v = Atomics.load(m, MET)) < 2;) Atomics.wait(m, MET, v);
      sleepMs(m, holdMs);
    }
    take(m, second, who);
    give(m, second, who);
    give(m, first, who);
  } else {
    // A function taking the lock calls a helper that takes it again.
    const re = kase === 'rlock';
    const [t, g] = re ? [(mm, ii) => rlock(mm, ii, i + 1), runlock] : [lock, unlock];
    mark('waiting', 'L', who);
    t(m, A);
    mark('acquired', 'L', who);
    mark('waiting', 'L', who);
    t(m, A); // a plain mutex: waits for itself, forever
    mark('acquired', 'L', who);
    g(m, A);
    mark('released', 'L', who);
    g(m, A);
    mark('released', 'L', who);
  }
  Atomics.add(m, DONE, 1);
  Atomics.notify(m, DONE);
}

function main() {
  const a = params();
  const kase = a.case;
  const n = kase === 'two-locks' ? a.threads : kase === 'lucky-order' ? 2 : 1;
  const sab = new SharedArrayBuffer(8 * 4);
  const m = new Int32Array(sab);
  line({ ev: 'result', case: kase, threads: n, give_up_s: a.give_up_s });
  const start = (i) => new Worker(__filename, { workerData: { sab, i, kase, holdMs: a.hold_ms } });
  const started = Date.now();
  // The give-up clock: the workers' own waits have no timeout.
  const deadline = started + a.give_up_s * 1000;
  for (let i = 0; i < n; i++) {
    start(i);
    // The crossing pair first, each holding its first lock, then the queue behind them. A fixed
    // pause was not enough: a worker that starts slowly (a loaded machine) let the queue take A
    // before worker-0, and the pair never crossed.
    if (i === 1 && kase === 'two-locks')
      for (let v; (v = Atomics.load(m, MET)) < 2 && Date.now() < deadline;) Atomics.wait(m, MET, v, 1000);
    // lucky-order: the next worker starts once this one is done.
    if (kase === 'lucky-order') for (let d; (d = Atomics.load(m, DONE)) < i + 1 && Date.now() < deadline;) Atomics.wait(m, DONE, d, 1000);
  }
  // Wait for every worker, in a timed wait (the give-up clock).
  for (let d; (d = Atomics.load(m, DONE)) < n;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      line({ ev: 'result', case: kase, completed: 0, gave_up: 1, stuck_s: Math.round((Date.now() - started) / 10) / 100 });
      process.exit(0); // ends the stuck workers with the process
    }
    Atomics.wait(m, DONE, d, left);
  }
  line({ ev: 'result', case: kase, completed: 1, gave_up: 0, stuck_s: 0 });
  process.exit(0);
}

if (isMainThread) main();
else worker();
