'use strict';
// ticket-race (Node): buyer child processes on one data.json; a lock file opened with 'wx'.
//
//   node main.js --buyers 10 --stock 3 --delay_ms 100
//
// Phases (each from a fresh data.json in a temp folder of its own): no lock (oversold), a lock
// file around the buy (exactly the stock), and join (one buyer after another, also exact).
// The lock: openSync(path, 'wx') creates the file or fails with EEXIST if another buyer holds
// it; the holder deletes it when done. Waiting buyers retry after a short sleep.
const { spawn } = require('node:child_process');
const {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { emit, mark, params, result } = require('../_kit/proclab.mjs');

const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const readStock = (folder) => JSON.parse(readFileSync(join(folder, 'data.json'), 'utf8')).count;

function withLockFile(path, fn) {
  let fd;
  for (;;) {
    try {
      fd = openSync(path, 'wx'); // atomic: exactly one buyer creates it
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      nap(5);
    }
  }
  try {
    fn();
  } finally {
    closeSync(fd);
    unlinkSync(path);
  }
}

function buy(folder, me, delay) {
  const count = readStock(folder);
  nap(delay * (0.8 + Math.random() * 0.4)); // meanwhile, other buyers read the same count
  if (count > 0) {
    // Written aside and renamed over: a reader sees the old or the new file, never a half-written one.
    const tmp = join(folder, `data.json.${me}`);
    writeFileSync(tmp, JSON.stringify({ count: count - 1 }));
    renameSync(tmp, join(folder, 'data.json'));
    appendFileSync(join(folder, 'sales.log'), `${me}\n`); // one short O_APPEND write per sale
  }
}

function buyer(a) {
  const delay = a.delay_ms;
  if (a.gate === '1') {
    // Node takes a few hundred milliseconds to start on a busy machine: wait until every buyer
    // is up, so that they shop at the same time as Python's forked buyers do.
    writeFileSync(join(a.folder, `ready.${a.me}`), '');
    while (!existsSync(join(a.folder, 'go'))) nap(5);
  }
  nap(delay); // search: everyone may look at once
  readStock(a.folder);
  if (a.lock === '1') withLockFile(join(a.folder, 'tickets.lock'), () => buy(a.folder, a.me, delay));
  else buy(a.folder, a.me, delay);
}

function startBuyer(a, folder, i, lock, gate) {
  const args = [
    __filename,
    '--role',
    'buyer',
    '--folder',
    folder,
    '--me',
    String(i),
    '--lock',
    lock ? '1' : '0',
    '--gate',
    gate ? '1' : '0',
  ];
  for (const k of ['buyers', 'stock', 'delay_ms']) args.push(`--${k}`, String(a[k]));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((ok, fail) => child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`buyer ${i} exited ${code}`)))));
}

async function phase(name, root, a, { lock = false, serial = false } = {}) {
  const folder = join(root, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'data.json'), JSON.stringify({ count: a.stock }));
  mark(`phase: ${name}`);
  const t0 = performance.now();
  const all = [];
  for (let i = 0; i < a.buyers; i++) {
    const p = startBuyer(a, folder, i, lock, !serial);
    if (serial) await p;
    all.push(p);
  }
  if (!serial) {
    let gone = false;
    void Promise.allSettled(all).then(() => (gone = true));
    while (!gone && readdirSync(folder).filter((f) => f.startsWith('ready.')).length < a.buyers)
      await new Promise((r) => setTimeout(r, 10));
    writeFileSync(join(folder, 'go'), '');
  }
  const ends = await Promise.allSettled(all); // every buyer gone before the folder may be removed
  const failed = ends.find((e) => e.status === 'rejected');
  if (failed) throw failed.reason;
  const ms = performance.now() - t0;
  let sold = 0;
  try {
    sold = readFileSync(join(folder, 'sales.log'), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    sold = 0;
  }
  const left = readStock(folder);
  mark(`phase ${name} done: ${sold} sold of ${a.stock}, stock file says ${left} left`);
  return [sold, left, ms];
}

async function main() {
  const a = params({
    role: { default: 'parent', help: 'parent, or buyer (started by the parent)' },
    folder: { default: '', help: "buyer: the phase's folder" },
    me: { default: '0', help: "buyer: the buyer's number" },
    lock: { default: '0', help: 'buyer: 1 to buy under the lock file' },
    gate: { default: '0', help: 'buyer: 1 to wait for the go file' },
  });
  if (a.role === 'buyer') return buyer(a);
  const root = mkdtempSync(join(tmpdir(), 'proclab-tickets-'));
  try {
    const [nolockSold, nolockLeft, nolockMs] = await phase('nolock', root, a);
    const [lockSold, , lockMs] = await phase('lock', root, a, { lock: true });
    const [joinSold, , joinMs] = await phase('join', root, a, { serial: true });
    const r1 = (x) => Math.round(x * 10) / 10;
    result({
      buyers: a.buyers,
      stock: a.stock,
      delay_ms: a.delay_ms,
      nolock_sold: nolockSold,
      nolock_left: nolockLeft,
      oversold: Math.max(0, nolockSold - a.stock),
      lock_sold: lockSold,
      join_sold: joinSold,
      nolock_ms: r1(nolockMs),
      lock_ms: r1(lockMs),
      join_ms: r1(joinMs),
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  emit('error', { message: String(e) });
  process.exitCode = 1;
});
