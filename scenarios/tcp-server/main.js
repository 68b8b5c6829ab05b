'use strict';
// tcp-server (Node): an echo server on 127.0.0.1 in one of three models, and a built-in load
// client (a separate process: C connections x M messages of S bytes, loopback only).
//
// The server listens, stays idle for `idle_ms` (the busy model spins the event loop even
// then), starts the load client, and stops once the client has finished.
const net = require('node:net');
const { Buffer } = require('node:buffer');
const { setImmediate, clearImmediate } = require('node:timers');
const { fork, spawn } = require('node:child_process');
const { mark, metric, params, result } = require('../_kit/proclab.mjs');

// The client never talks to anything but this machine's loopback address.
const LOOPBACK = ['127.0.0.1', '::1'];
const HOLD_MS = 800; // each connection stays open at least this long, so that samples see them all
const CLIENT_DEADLINE_MS = 30_000;

const a = params({
  role: {
    default: 'server',
    help: 'server (default), client (the load client the server starts) or conn (one connection of the process model)',
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
        await new Promise((r) => setTimeout(r, Math.max(0, HOLD_MS - (Date.now() - opened))));
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

function server() {
  const children = [];
  let spin = null;
  const pending = []; // busy model: data waiting for the spinning loop to echo it
  const srv = net.createServer({ pauseOnConnect: a.model === 'process' }, (sock) => {
    if (a.model === 'process') {
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
      const c = spawn(process.execPath, [__filename, ...args, '--size', String(a.size)], { stdio: ['ignore', 'inherit', 'inherit'] });
      const guard = setTimeout(() => c.kill('SIGKILL'), CLIENT_DEADLINE_MS + 5000);
      c.once('exit', async (code) => {
        clearTimeout(guard);
        if (spin) clearImmediate(spin);
        srv.close();
        await Promise.all(children);
        mark('server stopped');
        result({ model: a.model, server_wall_ms: Number((performance.now() - t0).toFixed(1)), client_exit: code ?? -1 });
        process.exit(0);
      });
    }, a.idle_ms);
  });
}

if (a.role === 'client')
  client().catch((e) => {
    process.stderr.write(`tcp-server client: ${e.message}\n`);
    process.exit(1);
  });
else if (a.role === 'conn') conn();
else server();
