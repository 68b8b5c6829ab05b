'use strict';
// fork-vs-spawn (Node): Node has no Unix fork. child_process.fork() starts a brand-new
// Node (a spawn) and adds an IPC channel, so it costs about as much as spawn(). A worker
// thread is cheaper: no new process, but still a new V8 isolate.
//
//   node main.js --count 20
// The scenario kit (../_kit/proclab.mjs): parameters from manifest.json, protocol lines.
const { params, emit } = require('../_kit/proclab.mjs');
const { fork, spawn } = require('node:child_process');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

if (!isMainThread) {
  parentPort.postMessage('ready');
} else if (process.argv.includes('--child-ipc')) {
  process.send('ready', () => process.exit(0));
} else if (process.argv.includes('--child-stdout')) {
  process.stdout.write('ready\n');
} else {
  main();
}

/** Start one child `count` times in a row; average ms until it said "ready". */
async function measure(count, startOne) {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await startOne();
    sum += performance.now() - t0;
  }
  return sum / count;
}

async function main() {
  const a = params();
  const count = Math.max(1, Math.min(200, parseInt(a.count, 10) || 20));
  const ways = {
    fork: () =>
      new Promise((resolve) => {
        const c = fork(__filename, ['--child-ipc']);
        c.once('message', () => c.once('exit', resolve));
      }),
    spawn: () =>
      new Promise((resolve) => {
        const c = spawn(process.execPath, [__filename, '--child-stdout'], { stdio: ['ignore', 'pipe', 'inherit'] });
        c.stdout.once('data', () => c.once('exit', resolve));
      }),
    worker: () =>
      new Promise((resolve) => {
        const w = new Worker(__filename);
        w.once('message', () => w.terminate().then(resolve));
      }),
  };
  const res = { count };
  let k = 0;
  for (const [name, startOne] of Object.entries(ways)) {
    emit('mark', { label: `${name}: starting ${count}`, pid: process.pid });
    res[`${name}_ms`] = +(await measure(count, startOne)).toFixed(2);
    emit('metric', { name: `${name}_start_ms`, value: res[`${name}_ms`] });
    emit('progress', { done: ++k, total: 3 });
  }
  emit('result', { ...res });
}
