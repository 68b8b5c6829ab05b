'use strict';
// coroutines (Node): thousands of concurrent awaits on one thread, and the async function that hogs it.
//
//   node main.js --coroutines 2000 --sleep_ms 1000 --hog_ms 600
//
// 1. sleeps: `coroutines` async functions each await a timer at once: the JavaScript runs on one
//    thread, takes about one sleep of wall time and almost no CPU.
// 2. hog: a ticker wants to wake every `tick_ms`; one async function computes for `hog_ms` without
//    awaiting, so the event loop cannot run the ticker: its lateness (metric `loop_lag_ms`) rises
//    to about the compute time.
// 3. offload: the same computation in a worker thread: the main loop keeps turning, the lag stays small.
const { params, emit, mark, metric } = require('../_kit/proclab.mjs');
const { Worker, isMainThread, workerData, parentPort } = require('node:worker_threads');

function compute(ms) {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}

if (!isMainThread) {
  parentPort.postMessage(compute(workerData.ms));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startTicker(tickMs, ticks) {
  let due = performance.now() + tickMs;
  let timer;
  const tick = () => {
    const now = performance.now();
    const lag = Math.max(0, now - due);
    ticks.push({ woke: now, lag });
    metric('loop_lag_ms', Math.round(lag * 10) / 10);
    due += tickMs;
    if (due < now) due = now + tickMs; // skip the wake-ups a blocked loop missed
    timer = setTimeout(tick, Math.max(0, due - performance.now()));
  };
  timer = setTimeout(tick, tickMs);
  return () => clearTimeout(timer);
}

/** The worst lag of the wake-ups in [start, end]: a blocked loop's late tick wakes just after the block. */
function maxLag(ticks, start, end) {
  const lags = ticks.filter((t) => t.woke >= start && t.woke <= end).map((t) => t.lag);
  return lags.length ? Math.round(Math.max(...lags) * 10) / 10 : 0;
}

async function main() {
  const a = params();
  const out = { coroutines: a.coroutines, sleep_ms: a.sleep_ms, pid: process.pid };
  await sleep(400); // a sample of the process (and Node's own helper threads) before the coroutines start

  mark('sleeps start');
  let t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: a.coroutines }, async () => await sleep(a.sleep_ms)));
  const c = process.cpuUsage(c0);
  Object.assign(out, { sleeps_wall_ms: Math.round(performance.now() - t0), sleeps_cpu_ms: Math.round((c.user + c.system) / 1000) });
  mark('sleeps end');

  const ticks = [];
  const stop = startTicker(a.tick_ms, ticks);
  await sleep(500); // the ticker's lag with nothing else to do

  const hog = async () => {
    mark('hog start');
    compute(a.hog_ms); // no await inside: nothing else on this thread can run
    mark('hog end');
  };
  const h0 = performance.now();
  await hog();
  const h1 = performance.now();
  await sleep(500);

  mark('offload start');
  const o0 = performance.now();
  await new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: { ms: a.hog_ms } });
    w.once('message', resolve);
    w.once('error', reject);
  });
  const o1 = performance.now();
  mark('offload end');
  await sleep(300);
  stop();
  Object.assign(out, {
    tick_ms: a.tick_ms,
    ticks: ticks.length,
    base_lag_max_ms: maxLag(ticks, 0, h0),
    hog_ms: a.hog_ms,
    hog_wall_ms: Math.round(h1 - h0),
    hog_lag_max_ms: maxLag(ticks, h0, h1 + 100),
    offload_wall_ms: Math.round(o1 - o0),
    offload_lag_max_ms: maxLag(ticks, o0, o1),
  });
  emit('result', out);
}

if (isMainThread) main();
