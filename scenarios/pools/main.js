'use strict';
// pools (Node): a worker-thread pool written with worker_threads (no dependency).
//
//   node main.js --pool_size 3 --tasks 6 --task_ms 200
//
// The pool starts `pool_size` workers once and hands them tasks from a queue. `submit()` returns
// a future-like object: `.promise`, `.addDoneCallback(fn)` and `.cancel()` (true only while the
// task waits in the queue); `map()` resolves in input order, `asCompleted()` yields in completion
// order, `shutdown({ wait })` waits for the running tasks or not. Callbacks run on the main
// thread, where the workers' messages arrive: the parent, as with multiprocessing.Pool.
const { params, emit, mark, osTid } = require('../_kit/proclab.mjs');
const { Worker, isMainThread, parentPort, threadId } = require('node:worker_threads');

if (!isMainThread) {
  parentPort.on('message', ({ id, phase, i, ms }) => {
    mark(`task ${phase}:${i} start (pid ${process.pid})`);
    const start = Date.now();
    setTimeout(() => parentPort.postMessage({ id, i, pid: process.pid, tid: osTid() ?? threadId, start, end: Date.now() }), ms);
  });
}

class Pool {
  constructor(size) {
    this.idle = [];
    this.queue = [];
    this.running = new Map();
    this.closed = false;
    this.nextId = 0;
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(__filename);
      w.on('message', (r) => this.finished(w, r));
      this.idle.push(w);
      return w;
    });
  }
  submit(phase, i, ms) {
    if (this.closed) throw new Error('pool is shut down');
    let resolve;
    const job = { id: 0, phase, i, ms, state: 'pending', callbacks: [] };
    job.promise = new Promise((r) => (resolve = r));
    job.resolve = resolve;
    job.id = ++this.nextId;
    const future = {
      promise: job.promise,
      cancel: () => {
        if (job.state !== 'pending') return false;
        this.queue.splice(this.queue.indexOf(job), 1);
        job.state = 'cancelled';
        resolve(undefined);
        return true;
      },
      cancelled: () => job.state === 'cancelled',
      done: () => this.isDone(job),
      addDoneCallback: (fn) => (this.isDone(job) ? fn(job.value) : job.callbacks.push(fn)),
    };
    this.queue.push(job);
    this.pump();
    return future;
  }
  isDone(job) {
    return job.state === 'finished' || job.state === 'cancelled';
  }
  pump() {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop();
      const job = this.queue.shift();
      job.state = 'running';
      this.running.set(job.id, job);
      w.postMessage({ id: job.id, phase: job.phase, i: job.i, ms: job.ms });
    }
  }
  finished(w, r) {
    const job = this.running.get(r.id);
    this.running.delete(r.id);
    job.state = 'finished';
    job.value = r;
    this.idle.push(w);
    this.pump();
    job.resolve(r);
    for (const fn of job.callbacks) fn(r); // on the main thread: this is where the message arrived
  }
  map(phase, lengths) {
    return Promise.all(lengths.map((ms, i) => this.submit(phase, i, ms).promise));
  }
  async *asCompleted(futures) {
    const left = new Map(futures.map((f, k) => [k, f.promise.then((r) => [k, r])]));
    while (left.size) {
      const [k, r] = await Promise.race(left.values());
      left.delete(k);
      yield r;
    }
  }
  async shutdown({ wait }) {
    this.closed = true;
    const ending = (async () => {
      while (this.running.size || this.queue.length) await Promise.all([...this.running.values()].map((j) => j.promise));
      await Promise.all(this.workers.map((w) => w.terminate()));
    })();
    if (wait) await ending;
    return ending;
  }
}

function maxOverlap(spans) {
  const edges = [...spans.map((s) => [s.start, 1]), ...spans.map((s) => [s.end, -1])].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let best = 0;
  let now = 0;
  for (const [, d] of edges) best = Math.max(best, (now += d));
  return best;
}
const csv = (xs) => [...xs].join(',');

async function main() {
  const a = params();
  const n = a.tasks;
  const ms = a.task_ms;
  const size = a.pool_size;
  const mainTid = osTid() ?? threadId;
  const out = { kind: 'threads', pool_size: size, tasks: n, task_ms: ms, parent_pid: process.pid, main_tid: mainTid };
  const workers = new Set();
  // Let the monitor sample the process before the pool exists: Node's own threads are not the pool's.
  await new Promise((r) => setTimeout(r, 400));
  const t00 = Date.now();
  mark('pool started');
  const pool = new Pool(size);

  let t0 = Date.now();
  const spans = [];
  for (let i = 0; i < n; i++) {
    const r = await pool.submit('apply', i, ms).promise; // one at a time: apply()'s blocking shape
    spans.push(r);
    workers.add(r.tid);
  }
  Object.assign(out, { apply_wall_ms: Date.now() - t0, apply_overlap: maxOverlap(spans) });

  const box = [];
  t0 = Date.now();
  const futs = Array.from({ length: n }, (_, i) => {
    const f = pool.submit('async', i, ms);
    f.addDoneCallback(() => box.push({ pid: process.pid, tid: osTid() ?? threadId }));
    return f;
  });
  const rs = await Promise.all(futs.map((f) => f.promise));
  for (const r of rs) workers.add(r.tid);
  Object.assign(out, {
    async_wall_ms: Date.now() - t0,
    async_overlap: maxOverlap(rs),
    callbacks: box.length,
    callback_pids: csv(new Set(box.map((b) => b.pid))),
    callback_tids: csv(new Set(box.map((b) => b.tid))),
  });

  const lengths = Array.from({ length: n }, (_, i) => Math.floor((ms * (n - i)) / n));
  const got = await pool.map('map', lengths);
  for (const r of got) workers.add(r.tid);
  Object.assign(out, {
    task_lengths: csv(lengths),
    map_order: csv(got.map((r) => r.i)),
    map_end_order: csv([...got].sort((x, y) => x.end - y.end).map((r) => r.i)),
  });

  const acFuts = lengths.map((len, i) => pool.submit('ac', i, len));
  t0 = Date.now();
  const order = [];
  const ends = [];
  for await (const r of pool.asCompleted(acFuts)) {
    order.push(r.i);
    ends.push(r.end - t0);
    workers.add(r.tid);
  }
  Object.assign(out, { ac_order: csv(order), ac_end_ms: csv(ends) });

  const k = 2 * size + 3;
  const cf = Array.from({ length: k }, (_, i) => pool.submit('cancel', i, Math.floor(ms / 2)));
  const cancelled = cf[k - 1].cancel();
  for (const r of await Promise.all(cf.slice(0, -1).map((f) => f.promise))) workers.add(r.tid);
  Object.assign(out, { cancel_index: k - 1, cancel_ok: Number(cancelled), cancelled_state: Number(cf[k - 1].cancelled()) });

  const sf = Array.from({ length: size }, (_, i) => pool.submit('shutdown', i, ms));
  t0 = Date.now();
  await pool.shutdown({ wait: true });
  Object.assign(out, { shutdown_wait_ms: Date.now() - t0, shutdown_all_done: Number(sf.every((f) => f.done())) });
  mark('pool shut down');
  Object.assign(out, { workers_seen: workers.size, worker_ids: csv([...workers].sort((x, y) => x - y)) });

  const one = new Pool(1);
  const f = one.submit('nowait', 0, ms);
  await new Promise((r) => setTimeout(r, 20));
  t0 = Date.now();
  const ending = one.shutdown({ wait: false });
  Object.assign(out, { shutdown_nowait_ms: Date.now() - t0, nowait_done_at_return: Number(f.done()) });
  await ending;
  out.nowait_done_later = Number(f.done());
  out.wall_ms = Date.now() - t00;
  emit('result', out);
}

if (isMainThread) main();
