'use strict';
// io-models (Node): the same slow sources (loopback sockets that answer after a delay, served
// by a child process) read three ways: one after another, all at once on the event loop, and
// with an event loop made to poll (setImmediate) instead of sleeping in epoll_wait.
const net = require('node:net');
const { spawn } = require('node:child_process');
const { setImmediate } = require('node:timers');
const { mark, metric, params, result } = require('../_kit/proclab.mjs');

const ANSWER = 'answer from a slow source\n';
const a = params({ role: { default: 'reader', help: 'reader (default) or source: the slow sources the reader starts itself' } });

/** Answers each connection delay_ms after it arrived; ends when the reader closes our stdin. */
function source() {
  const srv = net.createServer((c) => {
    c.on('error', () => {});
    setTimeout(() => c.end(ANSWER), a.delay_ms);
  });
  srv.listen(0, '127.0.0.1', () => process.stdout.write(`${srv.address().port}\n`));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

/** One source's answer; `onData` lets the polling model take the bytes itself. */
function ask(port, onData) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const s = net.connect({ host: '127.0.0.1', port });
    s.setEncoding('utf8');
    s.on('data', (d) => (onData ? onData(d) : (buf += d)));
    s.on('end', () => resolve(buf));
    s.on('error', reject);
  });
}

async function sequential(ports) {
  const out = [];
  for (const p of ports) out.push(await ask(p));
  return out;
}

const all = (ports) => Promise.all(ports.map((p) => ask(p)));

/**
 * Node has no non-blocking recv to call in a loop; the closest is an event loop that never
 * sleeps: setImmediate comes straight back to look at the buffers, as a polling reader does.
 */
function polling(ports) {
  const bufs = ports.map(() => '');
  const done = ports.map(() => false);
  ports.forEach((p, i) =>
    ask(p, (d) => (bufs[i] += d)).then(() => {
      done[i] = true;
    }),
  );
  return new Promise((resolve) => {
    const look = () => (done.every(Boolean) ? resolve(bufs) : setImmediate(look));
    setImmediate(look);
  });
}

const MODELS = { sequential, async: all, polling };

async function reader() {
  const src = spawn(process.execPath, [__filename, '--role', 'source', '--delay_ms', String(a.delay_ms)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise((resolve, reject) => {
      src.stdout.once('data', (d) => resolve(Number(String(d).trim())));
      src.once('exit', () => reject(new Error('the sources ended early')));
    });
    mark(`sources ready: ${a.sources} sockets on 127.0.0.1:${port} answer after ${a.delay_ms} ms each`);
    mark(`waiting starts (${a.model})`);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const answers = await MODELS[a.model](Array.from({ length: a.sources }, () => port));
    const wall = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    mark('all answers in');
    // As metrics too: compare-models puts metrics side by side (the reader's own CPU, not the sources').
    metric('wait_wall_ms', Number(wall.toFixed(1)));
    metric('wait_cores', Number(((used.user + used.system) / 1000 / Math.max(wall, 0.001)).toFixed(3)));
    result({
      model: a.model,
      sources: a.sources,
      delay_ms: a.delay_ms,
      answers: answers.filter((x) => x === ANSWER).length,
      wall_ms: Number(wall.toFixed(1)),
      source_pid: src.pid,
    });
  } finally {
    src.stdin.end();
    await new Promise((r) => (src.exitCode !== null ? r() : src.once('exit', r)));
  }
}

if (a.role === 'source') source();
else reader();
