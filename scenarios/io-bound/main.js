'use strict';
// io-bound: N tasks that mostly WAIT (a timer, a file, a loopback socket), Node version.
//
//   node main.js --model async --tasks 12 --sleep_ms 1000
//
// Node's event loop overlaps waits on ONE thread: async tasks finish in about one task's
// time with almost no CPU. Worker threads overlap too (each has its own event loop).
// Child processes overlap as well but pay a start-up cost and their own memory each.
// The scenario kit (../_kit/proclab.mjs): parameters from manifest.json, protocol lines.
const { params, emit } = require('../_kit/proclab.mjs');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { fork } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One task: wait, write and read back a file, one round trip to the echo server. */
async function ioTask(i, { port, tmpdir, sleepMs, ioKb }) {
  await sleep(sleepMs); // like a slow remote call: nothing runs meanwhile on our side
  const file = path.join(tmpdir, `task-${i}.bin`);
  const payload = crypto.randomBytes(ioKb * 1024);
  await fsp.writeFile(file, payload);
  const back = await fsp.readFile(file);
  if (!back.equals(payload)) throw new Error('file mismatch');
  await new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(`ping ${i}`));
    s.once('data', () => (s.end(), resolve()));
    s.once('error', reject);
  });
  return i;
}

// --- inside a worker thread or a child process ---------------------------------------
if (!isMainThread) {
  ioTask(workerData.i, workerData.args).then(() => parentPort.postMessage('done'));
} else if (process.argv.includes('--child')) {
  // A forked child: say when we really started and how much memory we hold, then serve tasks.
  process.on('message', async (m) => {
    if (m.type === 'hello') return process.send({ type: 'started', dt: Date.now() - m.sentAt, rssKb: process.memoryUsage().rss / 1024 });
    if (m.type === 'task') {
      await ioTask(m.i, m.args);
      process.send({ type: 'done', rssKb: process.memoryUsage().rss / 1024 });
    }
    if (m.type === 'exit') process.exit(0);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

async function main() {
  const a = params();
  const n = Math.max(1, Math.min(64, parseInt(a.tasks, 10) || 1));

  // A tiny echo server on 127.0.0.1: real socket IO without a network.
  const server = net.createServer((s) => s.on('data', (d) => s.write(d)));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'proclab-io-'));
  const args = { port: server.address().port, tmpdir, sleepMs: parseInt(a.sleep_ms, 10) || 1000, ioKb: parseInt(a.io_kb, 10) || 64 };

  // One task alone first: the yardstick.
  let t = performance.now();
  await ioTask(-1, args);
  const taskMs = performance.now() - t;
  emit('mark', { label: `one task alone took ${taskMs.toFixed(0)} ms` });

  let done = 0;
  const progress = () => emit('progress', { done: ++done, total: n });
  const extra = {};
  emit('progress', { done: 0, total: n });
  const t0 = performance.now();
  const c0 = process.cpuUsage();

  if (a.model === 'sequential') {
    for (let i = 0; i < n; i++) {
      await ioTask(i, args);
      progress();
    }
  } else if (a.model === 'async') {
    await Promise.all(Array.from({ length: n }, (_, i) => ioTask(i, args).then(progress)));
  } else if (a.model === 'threads') {
    await Promise.all(
      Array.from(
        { length: n },
        (_, i) =>
          new Promise((resolve, reject) => {
            const w = new Worker(__filename, { workerData: { i, args } });
            w.once('message', progress);
            w.once('exit', resolve);
            w.once('error', reject);
          }),
      ),
    );
  } else {
    // processes: one forked child per task; pool: min(tasks, 4) children sharing a queue.
    const size = a.model === 'pool' ? Math.min(n, 4) : n;
    const queue = Array.from({ length: n }, (_, i) => i);
    const spawn = [];
    const rss = new Map();
    await Promise.all(
      Array.from({ length: size }, () => {
        const c = fork(__filename, ['--child']);
        return new Promise((resolve, reject) => {
          const next = () => (queue.length ? c.send({ type: 'task', i: queue.shift(), args }) : c.send({ type: 'exit' }));
          c.on('message', (m) => {
            rss.set(c.pid, Math.max(rss.get(c.pid) || 0, m.rssKb));
            if (m.type === 'started') {
              spawn.push(m.dt);
              next();
            } else {
              progress();
              next();
            }
          });
          c.once('exit', resolve);
          c.once('error', reject);
          c.send({ type: 'hello', sentAt: Date.now() - 0 });
        });
      }),
    );
    extra.spawn_ms = +(spawn.reduce((x, y) => x + y, 0) / spawn.length).toFixed(2);
    extra.children_rss_kb = Math.round([...rss.values()].reduce((x, y) => x + y, 0));
  }

  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  server.close();
  fs.rmSync(tmpdir, { recursive: true, force: true });
  emit('result', {
    model: a.model,
    tasks: n,
    wall_ms: +wall.toFixed(1),
    task_ms: +taskMs.toFixed(1),
    cpu_ms: +((cpu.user + cpu.system) / 1000).toFixed(1),
    parent_rss_kb: Math.round(process.memoryUsage().rss / 1024),
    ...extra,
  });
}
