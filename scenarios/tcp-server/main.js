'use strict';
// tcp-server (Node): an echo server on 127.0.0.1 in one of four models, and a built-in load
// client (a separate process: C connections x M messages of S bytes, loopback only).
//
// The server listens, stays idle for `idle_ms` (the busy model spins the event loop even
// then), starts the load client, and stops once the client has finished.
const net = require('node:net');
const { Buffer } = require('node:buffer');
const { setImmediate, clearImmediate } = require('node:timers');
const { fork, spawn } = require('node:child_process');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const { mark, metric, params, result } = require('../_kit/proclab.mjs');

// The client never talks to anything but this machine's loopback address.
const LOOPBACK = ['127.0.0.1', '::1'];
const CLIENT_DEADLINE_MS = 30_000;
const HYBRID_PROCS = 2; // hybrid: worker processes; each runs `pool` worker threads

const a = params({
  role: {
    default: 'server',
    help: 'server (default), client (the load client the server starts), conn (one connection of the process model) or worker (a process of the hybrid model)',
  },
  host: { default: '127.0.0.1', help: 'client only: the server address; only 127.0.0.1 or ::1 are accepted' },
  port: { default: '0', help: "client only: the server's port" },
});

function loopbackOnly(host) {
  if (!LOOPBACK.includes(host)) {
    process.stderr.write(`tcp-server client: refusing target ${JSON.stringify(host)}: the load client only connects to 127.0.0.1 or ::1\n`);
    process.exit(2);
  }
  return host;
}

// ------------------------------------------------------------------ load client (own process)
async function client() {
  const host = loopbackOnly(a.host);
  const port = Number(a.port);
  const deadline = Date.now() + CLIENT_DEADLINE_MS;
  const payload = Buffer.alloc(a.size, 'proclab!');
  const socks = await Promise.all(
    Array.from(
      { length: a.clients },
      () =>
        new Promise((resolve, reject) => {
          const s = net.connect({ host, port }, () => resolve(s));
          s.once('error', reject);
        }),
    ),
  );
  mark(`load: all ${a.clients} connections open`);
  const opened = Date.now();
  const latencies = [];
  let errors = 0;
  let last = 0;
  const t0 = performance.now();
  await Promise.all(
    socks.map(async (s) => {
      try {
        let pending = null;
        let got = [];
        let gotLen = 0;
        s.on('data', (d) => {
          got.push(d);
          gotLen += d.length;
          if (pending && gotLen >= a.size) pending();
        });
        const closed = new Promise((_, reject) => s.once('close', () => reject(new Error('closed'))));
        closed.catch(() => {});
        for (let i = 0; i < a.messages; i++) {
          if (Date.now() > deadline) throw new Error('client deadline');
          const t = performance.now();
          const back = new Promise((resolve) => (pending = resolve));
          s.write(payload);
          if (gotLen < a.size) await Promise.race([back, closed]);
          pending = null;
          const all = Buffer.concat(got);
          if (!all.subarray(0, a.size).equals(payload)) throw new Error('echo differs');
          got = [all.subarray(a.size)];
          gotLen -= a.size;
          latencies.push(performance.now() - t);
          last = Math.max(last, performance.now());
        }
        // Each connection stays open at least hold_ms, so that the samples see them all.
        await new Promise((r) => setTimeout(r, Math.max(0, a.hold_ms - (Date.now() - opened))));
      } catch {
        errors += 1;
      } finally {
        s.end();
      }
    }),
  );
  const wall = latencies.length ? Math.max(last - t0, 0.001) : performance.now() - t0;
  const lat = latencies.sort((x, y) => x - y);
  const pct = (p) => (lat.length ? Number(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(3)) : -1);
  mark(`load: done, ${lat.length} messages echoed`);
  // Also as metrics: comparisons of models (compare-models) put metrics side by side, not result fields.
  const tput = Number(((lat.length * 1000) / wall).toFixed(1));
  metric('throughput_msg_s', tput);
  metric('p50_ms', pct(0.5));
  metric('p99_ms', pct(0.99));
  result({
    client_pid: process.pid,
    clients: a.clients,
    messages_echoed: lat.length,
    messages_expected: a.clients * a.messages,
    errors,
    wall_ms: Number(wall.toFixed(1)),
    throughput_msg_s: tput,
    throughput_mb_s: Number(((lat.length * a.size) / wall / 1000).toFixed(3)),
    p50_ms: pct(0.5),
    p99_ms: pct(0.99),
  });
}

// ------------------------------------------------------------------ server models
const echo = (sock) => {
  sock.on('data', (d) => sock.write(d));
  sock.on('error', () => {});
  sock.on('end', () => sock.end());
};

/** One connection of the process model: the parent hands the accepted socket over. */
function conn() {
  process.on('message', (msg, sock) => {
    if (msg !== 'socket' || !sock) return;
    sock.on('close', () => process.exit(0));
    echo(sock);
    sock.resume();
  });
}

/**
 * A process of the hybrid model: its event loop serves every connection handed to it, one
 * coroutine (async function) per connection, and gives each message's work to one of `pool`
 * worker threads (Node cannot hand a socket to a thread, but it can hand it the bytes).
 */
function hybridWorker() {
  const threads = Array.from({ length: a.pool }, () => new Worker(__filename, { argv: ['--role', 'echo-thread'] }));
  const waiting = threads.map(() => []); // per thread, the resolvers of its jobs in order
  threads.forEach((w, i) => w.on('message', (bytes) => waiting[i].shift()(Buffer.from(bytes))));
  let next = 0;
  const onThread = (d) => {
    const i = next++ % threads.length;
    return new Promise((resolve) => {
      waiting[i].push(resolve);
      threads[i].postMessage(d);
    });
  };
  let open = 0;
  let served = 0;
  const serve = async (sock) => {
    open++;
    served++;
    sock.on('error', () => {});
    try {
      // One message at a time per connection, so the echo keeps its order.
      for await (const d of sock) sock.write(await onThread(d));
    } catch {
      /* a reset connection ends its coroutine */
    }
    sock.end();
    if (--open === 0 && stopping) finish();
  };
  let stopping = false;
  const finish = () => {
    mark(`hybrid worker ${process.pid}: served ${served} connections on ${a.pool} threads`);
    Promise.all(threads.map((w) => w.terminate())).then(() => process.exit(0));
  };
  // Started from a terminal and its parent killed: the worker threads would keep this process alive.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (msg, sock) => {
    if (msg === 'socket' && sock) {
      serve(sock);
      sock.resume();
    } else if (msg === 'stop') {
      stopping = true;
      if (open === 0) finish();
    }
  });
  // Threads start before the parent says it is ready, so the idle window counts them.
  Promise.all(threads.map((w) => new Promise((r) => w.once('online', r)))).then(() => process.send('ready'));
}

/** A worker thread of the hybrid model: does one message's work (here: hands the bytes back). */
function echoThread() {
  parentPort.on('message', (d) => {
    const copy = new Uint8Array(d.byteLength);
    copy.set(d);
    parentPort.postMessage(copy, [copy.buffer]);
  });
}

function server() {
  const children = [];
  let spin = null;
  const pending = []; // busy model: data waiting for the spinning loop to echo it
  // hybrid: this process accepts and hands connection i to worker process i mod HYBRID_PROCS.
  const workers =
    a.model === 'hybrid'
      ? Array.from({ length: HYBRID_PROCS }, () => {
          const w = fork(__filename, ['--role', 'worker', ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          children.push(new Promise((r) => w.once('exit', r)));
          return w;
        })
      : [];
  const ready = Promise.all(workers.map((w) => new Promise((r) => w.once('message', (m) => m === 'ready' && r()))));
  let handed = 0;
  const srv = net.createServer({ pauseOnConnect: a.model === 'process' || a.model === 'hybrid' }, (sock) => {
    if (a.model === 'hybrid') workers[handed++ % workers.length].send('socket', sock);
    else if (a.model === 'process') {
      const child = fork(__filename, ['--role', 'conn', ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(new Promise((r) => child.once('exit', r)));
      child.send('socket', sock);
    } else if (a.model === 'busy') {
      sock.on('data', (d) => pending.push([sock, d]));
      sock.on('error', () => {});
      sock.on('end', () => sock.end());
    } else echo(sock);
  });
  if (a.model === 'busy') {
    // Never sleep in epoll: come back at once and look again, as a polling server does.
    const loop = () => {
      while (pending.length) {
        const [s, d] = pending.shift();
        s.write(d);
      }
      spin = setImmediate(loop);
    };
    spin = setImmediate(loop);
  }
  const t0 = performance.now();
  ready.then(() =>
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      mark(`listening on 127.0.0.1:${port} (${a.model} model), idle for ${a.idle_ms} ms before the load`);
      result({ port, server_pid: process.pid });
      const idle0 = { cpu: process.cpuUsage(), at: performance.now() };
      setTimeout(() => {
        // This process's CPU while no client was connected: what waiting costs.
        const used = process.cpuUsage(idle0.cpu);
        metric('idle_cores', Number(((used.user + used.system) / 1000 / Math.max(performance.now() - idle0.at, 0.001)).toFixed(3)));
        mark(`load starts: ${a.clients} clients x ${a.messages} messages x ${a.size} bytes`);
        const args = ['--role', 'client', '--port', String(port), '--clients', String(a.clients), '--messages', String(a.messages)];
        const c = spawn(process.execPath, [__filename, ...args, '--size', String(a.size), '--hold_ms', String(a.hold_ms)], {
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        const guard = setTimeout(() => c.kill('SIGKILL'), CLIENT_DEADLINE_MS + a.hold_ms + 5000);
        c.once('exit', async (code) => {
          clearTimeout(guard);
          if (spin) clearImmediate(spin);
          srv.close();
          for (const w of workers) w.send('stop');
          await Promise.all(children);
          mark('server stopped');
          result({ model: a.model, server_wall_ms: Number((performance.now() - t0).toFixed(1)), client_exit: code ?? -1 });
          process.exit(0);
        });
      }, a.idle_ms);
    }),
  );
}

if (a.role === 'client')
  client().catch((e) => {
    process.stderr.write(`tcp-server client: ${e.message}\n`);
    process.exit(1);
  });
else if (a.role === 'conn') conn();
else if (a.role === 'worker') hybridWorker();
else if (a.role === 'echo-thread' && !isMainThread) echoThread();
else server();
