'use strict';
// process-states (Node): one process cycles through running, sleeping and IO.
//
//   node main.js --cycles 4 --busy_ms 1500 --sleep_ms 1200 --io_ms 800
//
// R (running) while the loop computes; S (sleeping) while the event loop waits for a
// timer or a socket (epoll_wait in the kernel). Stop it from the monitor (SIGSTOP): T.
// The scenario kit (../_kit/proclab.mjs): parameters from manifest.json, protocol lines.
const { params, emit } = require('../_kit/proclab.mjs');
const net = require('node:net');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function busy(ms) {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x++; // blocks the event loop on purpose: pure CPU
  return x;
}

/** IO wait: ping-pong with a local echo server, each reply delayed, so we sit in epoll. */
async function io(ms, port) {
  const end = performance.now() + ms;
  const s = net.connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  while (performance.now() < end) {
    s.write('x');
    await new Promise((r) => s.once('data', r));
  }
  s.destroy();
}

async function main() {
  const a = params();
  const cycles = parseInt(a.cycles, 10) || 4;
  // The echo server answers each byte after 100 ms: our side just waits for it.
  const server = net.createServer((c) => c.on('data', (d) => setTimeout(() => c.writable && c.write(d), 100)));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const total = cycles * 3;
  let done = 0;
  emit('mark', { label: `pid ${process.pid}: ${cycles} cycles; try Stop / Continue on this process`, pid: process.pid });
  emit('progress', { done: 0, total });
  for (let c = 1; c <= cycles; c++) {
    for (const [phase, fn] of [
      ['running', async () => busy(parseInt(a.busy_ms, 10))],
      ['sleeping', () => sleep(parseInt(a.sleep_ms, 10))],
      ['io-wait', () => io(parseInt(a.io_ms, 10), port)],
    ]) {
      emit('mark', { label: `cycle ${c}: ${phase}`, pid: process.pid });
      const t = performance.now();
      await fn();
      emit('progress', { done: ++done, total });
      emit('metric', { name: `${phase}_phase_ms`, value: Math.round(performance.now() - t) });
    }
  }
  server.close();
  const cpu = process.cpuUsage();
  emit('result', { cycles, cpu_ms: Math.round((cpu.user + cpu.system) / 1000) });
}

main();
