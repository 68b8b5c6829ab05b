'use strict';
// ipc (Node): the same message exchange over four channels, measured in one run.
//
//   node main.js --channel all --messages 100 --size 262144
//
// `messages` messages of `size` bytes (a sequence number first) go from main to a worker thread
// or child process, which checks each arrives once and in order and reports back; then 20 round
// trips of a 64-byte message measure the latency. Channels: a MessageChannel to a worker (structured clone: a copy),
// child_process IPC (serialized over a pipe), a loopback TCP socket to a child, and a
// SharedArrayBuffer ring shared with a worker (written once, read in place, Atomics.wait handoff).
// Last, a SharedArrayBuffer counter updated by several workers with read, pause, write: without a
// lock updates are lost, with one (an Atomics mutex) the count is exact.
const { params, emit, mark, metric } = require('../_kit/proclab.mjs');
const { Worker, isMainThread, workerData, MessageChannel } = require('node:worker_threads');
const { Buffer } = require('node:buffer');
const { fork } = require('node:child_process');
const net = require('node:net');

const ROUND_TRIPS = 20;
const CHANNELS = ['message-channel', 'child-ipc', 'socket', 'shm'];
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One direction of shared memory: `slots` buffers, a length each, write/read counters waited on with Atomics. */
class Ring {
  static create(size, slots = 4) {
    return { sab: new SharedArrayBuffer(size * slots), ctl: new SharedArrayBuffer(4 * (2 + slots)), size, slots };
  }
  constructor({ sab, ctl, size, slots }) {
    Object.assign(this, { bytes: new Uint8Array(sab), ctl: new Int32Array(ctl), size, slots });
  }
  send(buf) {
    const c = this.ctl;
    for (;;) {
      const w = Atomics.load(c, 0);
      const r = Atomics.load(c, 1);
      if (w - r < this.slots) break;
      Atomics.wait(c, 1, r); // full: wait for the reader to move
    }
    const w = c[0];
    const i = w % this.slots;
    this.bytes.set(buf, i * this.size); // the one copy
    c[2 + i] = buf.length;
    Atomics.store(c, 0, w + 1);
    Atomics.notify(c, 0);
  }
  /** `whole`: a copy of the message; else only its sequence number, read in place. */
  recv(whole = true) {
    const c = this.ctl;
    for (;;) {
      const r = Atomics.load(c, 1);
      if (Atomics.load(c, 0) > r) break;
      Atomics.wait(c, 0, Atomics.load(c, 0));
    }
    const r = c[1];
    const i = r % this.slots;
    const off = i * this.size;
    const out = whole ? Buffer.from(this.bytes.slice(off, off + c[2 + i])) : new DataView(this.bytes.buffer, off, 8).getUint32(0, true);
    Atomics.store(c, 1, r + 1);
    Atomics.notify(c, 1);
    return out;
  }
}

function message(seq, size) {
  const b = Buffer.alloc(size);
  b.writeUInt32LE(seq, 0);
  return b;
}
const seqOf = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).readUInt32LE(0);
const report = (received, inOrder, distinct) => {
  const b = Buffer.alloc(12);
  b.writeUInt32LE(received, 0);
  b.writeUInt32LE(inOrder ? 1 : 0, 4);
  b.writeUInt32LE(distinct, 8);
  return b;
};

/** The receiving side, over any end with async `recv()` and `send()`. */
async function serve(end, n, seqOnly) {
  let expected = 0;
  let inOrder = true;
  let received = 0;
  const seen = new Set();
  end.send(Buffer.alloc(8)); // ready: the sender starts its clock now
  for (let k = 0; k < n; k++) {
    const seq = seqOnly ? await end.recvSeq() : seqOf(await end.recv());
    received++;
    inOrder = inOrder && seq === expected;
    seen.add(seq);
    expected = seq + 1;
  }
  end.send(report(received, inOrder, seen.size));
  for (let k = 0; k < ROUND_TRIPS; k++) end.send(await end.recv());
}

/** Messages arriving as events, taken one at a time. */
function inbox() {
  const items = [];
  const waiting = [];
  return {
    push: (m) => (waiting.length ? waiting.shift()(m) : items.push(m)),
    next: () => (items.length ? Promise.resolve(items.shift()) : new Promise((r) => waiting.push(r))),
  };
}

/** Length-prefixed frames on a stream socket. */
function socketEnd(sock) {
  const box = inbox();
  let pending = Buffer.alloc(0);
  sock.setNoDelay(true);
  sock.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32LE(0)) {
      const n = pending.readUInt32LE(0);
      box.push(pending.subarray(4, 4 + n));
      pending = pending.subarray(4 + n);
    }
  });
  return {
    send: (b) => {
      const h = Buffer.alloc(4);
      h.writeUInt32LE(b.length, 0);
      sock.write(h);
      return sock.write(b);
    },
    recv: () => box.next(),
  };
}

function portEnd(port) {
  const box = inbox();
  port.on('message', (m) => box.push(m));
  return { send: (b) => port.postMessage(b), recv: () => box.next() };
}

/** child_process IPC with its default JSON serialization: bytes travel as base64 text (the 'advanced' serializer lost messages of large backlogs here). */
function processEnd(proc) {
  const box = inbox();
  proc.on('message', (m) => box.push(Buffer.from(m, 'base64')));
  return { send: (b) => proc.send(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')), recv: () => box.next() };
}

function ringEnd(out, inn) {
  return { send: (b) => out.send(b), recv: async () => inn.recv(true), recvSeq: async () => inn.recv(false) };
}

async function child(role, n) {
  if (role === 'child-ipc') {
    await serve(processEnd(process), n, false);
    // Not process.disconnect(): it drops a reply still queued for sending. The parent disconnects us.
  } else if (role === 'socket') {
    const sock = net.connect(Number(process.env.PROCLAB_IPC_PORT), '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    await serve(socketEnd(sock), n, false);
    sock.end();
  }
}

async function workerMain() {
  const d = workerData;
  if (d.role === 'message-channel') {
    await serve(portEnd(d.port), d.n, false);
    d.port.close();
  } else if (d.role === 'shm') {
    await serve(ringEnd(new Ring(d.back), new Ring(d.to)), d.n, true);
  } else if (d.role === 'counter') {
    const c = new Int32Array(d.counter);
    Atomics.wait(c, 2, 0); // all start together, so their updates interleave
    for (let k = 0; k < d.adds; k++) {
      if (d.guarded) while (Atomics.compareExchange(c, 1, 0, 1) !== 0) Atomics.wait(c, 1, 1);
      const v = Atomics.load(c, 0); // read …
      pause(0.5); // … another worker reads the same value meanwhile …
      Atomics.store(c, 0, v + 1); // … and one of the two writes is lost
      if (d.guarded) {
        Atomics.store(c, 1, 0);
        Atomics.notify(c, 1, 1);
      }
    }
  }
}

async function measure(channel, n, size) {
  const payloads = Array.from({ length: n }, (_, i) => message(i, size));
  let end;
  let done;
  let cleanup = () => {};
  let finish = () => {};
  if (channel === 'message-channel') {
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(__filename, { workerData: { role: channel, port: port2, n }, transferList: [port2] });
    end = portEnd(port1);
    done = new Promise((r) => w.once('exit', r));
    cleanup = () => port1.close();
  } else if (channel === 'shm') {
    const to = Ring.create(size);
    const back = Ring.create(size);
    const w = new Worker(__filename, { workerData: { role: channel, to, back, n } });
    end = ringEnd(new Ring(to), new Ring(back));
    done = new Promise((r) => w.once('exit', r));
  } else if (channel === 'child-ipc') {
    const p = fork(__filename, ['--role', channel, '--n', String(n)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    end = processEnd(p);
    done = new Promise((r) => p.once('exit', r));
    finish = () => p.disconnect();
  } else {
    const server = net.createServer();
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const p = fork(__filename, ['--role', channel, '--n', String(n)], {
      env: { ...process.env, PROCLAB_IPC_PORT: String(server.address().port) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const sock = await new Promise((r) => server.once('connection', r));
    end = socketEnd(sock);
    done = new Promise((r) => p.once('exit', r));
    cleanup = () => {
      sock.destroy();
      server.close();
    };
  }
  // Node drops the ref on a fork's IPC channel while a large send backlog drains (the loop would end mid-exchange): hold it.
  const keep = setInterval(() => {}, 60_000);
  await end.recv(); // the receiver is ready
  const t0 = performance.now();
  for (const b of payloads) end.send(b);
  const rep = await end.recv();
  const t1 = performance.now();
  const r0 = performance.now();
  const ping = message(0, 64); // latency: small messages, so the per-message cost shows, not the bytes
  for (let k = 0; k < ROUND_TRIPS; k++) {
    end.send(ping);
    await end.recv();
  }
  const latency = ((performance.now() - r0) / ROUND_TRIPS / 2) * 1000;
  finish();
  await done;
  clearInterval(keep);
  cleanup();
  const b = Buffer.from(rep.buffer ?? rep, rep.byteOffset ?? 0, 12);
  return {
    mbs: (n * size) / ((t1 - t0) / 1000) / 1e6,
    latency,
    received: b.readUInt32LE(0),
    inOrder: b.readUInt32LE(4),
    distinct: b.readUInt32LE(8),
  };
}

async function counter(procs, adds, guarded) {
  const sab = new SharedArrayBuffer(12);
  const ws = Array.from({ length: procs }, () => new Worker(__filename, { workerData: { role: 'counter', counter: sab, adds, guarded } }));
  const ended = ws.map((w) => new Promise((r) => w.once('exit', r)));
  await Promise.all(ws.map((w) => new Promise((r) => w.once('online', r))));
  const go = new Int32Array(sab);
  Atomics.store(go, 2, 1);
  Atomics.notify(go, 2);
  await Promise.all(ended);
  return new Int32Array(sab)[0];
}

async function main() {
  const a = params({
    role: { default: 'main', help: 'internal: which side of a channel this process is' },
    n: { default: '0', help: 'internal: messages to expect' },
  });
  if (a.role !== 'main') return child(a.role, Number(a.n));
  const size = Math.max(a.size, 8);
  const chosen = a.channel === 'all' ? CHANNELS : [a.channel];
  const out = { channels: chosen.join(','), messages: a.messages, size, round_trips: ROUND_TRIPS };
  for (const ch of chosen) {
    mark(`channel ${ch} start`);
    const m = await measure(ch, a.messages, size);
    mark(`channel ${ch} end`);
    metric('throughput_mb_s', Math.round(m.mbs * 10) / 10);
    metric('latency_us', Math.round(m.latency * 10) / 10);
    Object.assign(out, {
      [`${ch}_mb_s`]: Math.round(m.mbs * 100) / 100,
      [`${ch}_latency_us`]: Math.round(m.latency * 10) / 10,
      [`${ch}_received`]: m.received,
      [`${ch}_in_order`]: m.inOrder,
      [`${ch}_distinct`]: m.distinct,
    });
  }
  if (a.counter_procs > 0) {
    mark('shared counter start');
    Object.assign(out, {
      counter_procs: a.counter_procs,
      counter_adds: a.counter_adds,
      counter_expected: a.counter_procs * a.counter_adds,
      counter_unlocked: await counter(a.counter_procs, a.counter_adds, false),
      counter_locked: await counter(a.counter_procs, a.counter_adds, true),
    });
    mark('shared counter end');
  }
  emit('result', out);
}

if (isMainThread) main();
else workerMain();
