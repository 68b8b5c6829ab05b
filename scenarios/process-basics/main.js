'use strict';
// process-basics (Node): start a child two ways (fork with an IPC channel, spawn with
// pipes), wait for it, end it, and see that processes do not share memory.
//
//   node main.js --hold_ms 1500
// The scenario kit (../_kit/proclab.mjs): parameters from manifest.json, protocol lines.
const { params, emit } = require('../_kit/proclab.mjs');
const { fork, spawn } = require('node:child_process');

let COUNTER = 0; // a global: the memory-isolation step changes it in a child
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const role = process.argv[process.argv.indexOf('--role') + 1];
const holdMs = () => parseInt(process.argv[process.argv.indexOf('--hold_ms') + 1], 10) || 1500;
// Node has no is_alive(): a child is alive until it has an exit code or a signal.
const isAlive = (c) => c.exitCode === null && c.signalCode === null;
const exited = (c) => (isAlive(c) ? new Promise((r) => c.once('exit', r)) : Promise.resolve());

if (process.argv.includes('--role')) {
  if (role === 'fork') {
    // Forked: talk to the parent over the IPC channel.
    process.send({ pid: process.pid, ppid: process.ppid });
    setTimeout(() => process.exit(0), holdMs());
  } else if (role === 'spawned') {
    // Spawned: no IPC channel, we answer on stdout like any program.
    console.log(JSON.stringify({ pid: process.pid, ppid: process.ppid }));
    setTimeout(() => process.exit(0), holdMs());
  } else if (role === 'sleeper') {
    // kill() sends SIGTERM; with a handler the child can clean up before it exits.
    const cleanupMs = parseInt(process.argv[process.argv.indexOf('--cleanup_ms') + 1], 10) || 0;
    if (cleanupMs > 0) process.on('SIGTERM', () => setTimeout(() => process.exit(0), cleanupMs));
    setTimeout(() => {}, 60_000);
    process.send('ready');
  } else if (role === 'global') {
    COUNTER = 100; // changes the CHILD's copy only
    process.send(COUNTER, () => process.exit(0));
  }
} else {
  main();
}

async function main() {
  const a = params();
  const hold = String(parseInt(a.hold_ms, 10) || 1500);
  const res = { parent_pid: process.pid };
  emit('mark', { label: `parent pid=${process.pid} ppid=${process.ppid}`, pid: process.pid });

  // 1) two ways to start a child
  const c1 = fork(__filename, ['--role', 'fork', '--hold_ms', hold]);
  const c2 = spawn(process.execPath, [__filename, '--role', 'spawned', '--hold_ms', hold], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [m1, m2] = await Promise.all([
    new Promise((r) => c1.once('message', r)),
    new Promise((r) => c2.stdout.once('data', (d) => r(JSON.parse(String(d))))),
  ]);
  Object.assign(res, { child1_pid: m1.pid, child1_ppid: m1.ppid, child2_pid: m2.pid, child2_ppid: m2.ppid });
  emit('mark', { label: `fork(): child pid=${m1.pid} ppid=${m1.ppid}`, pid: m1.pid });
  emit('mark', { label: `spawn(): child pid=${m2.pid} ppid=${m2.ppid}`, pid: m2.pid });

  // 2) "join": wait for the 'exit' event; alive before, not after
  res.alive_before_join = Number(isAlive(c1));
  await Promise.all([exited(c1), exited(c2)]);
  res.alive_after_join = Number(isAlive(c1) || isAlive(c2));
  emit('mark', {
    label: `waited for exit: alive before=${Boolean(res.alive_before_join)}, after=${Boolean(res.alive_after_join)}, code=${c1.exitCode}`,
  });

  // 3) kill() sends SIGTERM and returns: the child is still alive for a moment
  const s = fork(__filename, ['--role', 'sleeper', '--cleanup_ms', String(parseInt(a.cleanup_ms, 10) || 0)]);
  await new Promise((r) => s.once('message', r)); // it has started and set up its handler
  await sleep(parseInt(hold, 10));
  const t0 = performance.now();
  s.kill('SIGTERM');
  res.alive_after_terminate = Number(isAlive(s));
  await exited(s);
  res.terminate_delay_ms = +(performance.now() - t0).toFixed(2);
  res.dead_after_terminate = Number(!isAlive(s));
  emit('mark', {
    label: `kill(): alive right after=${Boolean(res.alive_after_terminate)}, gone after ${res.terminate_delay_ms} ms (${s.signalCode ?? `exit code ${s.exitCode}`})`,
    pid: s.pid,
  });

  // 4) memory isolation: the child's COUNTER is its own
  res.global_initial = COUNTER;
  const g = fork(__filename, ['--role', 'global']);
  res.global_in_child = await new Promise((r) => g.once('message', r));
  await exited(g);
  res.global_in_parent = COUNTER;
  emit('mark', { label: `child set COUNTER=${res.global_in_child}; parent still sees COUNTER=${COUNTER}` });
  emit('result', { ...res });
}
