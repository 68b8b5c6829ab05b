// signals: a worker with handlers for SIGTERM (graceful exit), SIGHUP (reload its config),
// SIGUSR1 (dump its state) and SIGINT (cancel the current item), and none for SIGKILL: the
// kernel refuses a handler for it, and a SIGKILL ends the process with no chance to clean up.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { mark, params, progress, result } = require('../_kit/proclab.mjs');

const PREFIX = 'proclab-signals-';
const HANDLED = ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGINT'];

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** A run ended by SIGKILL could not remove its config folder: the next run does. */
function sweepLeftovers() {
  for (const name of readdirSync(tmpdir())) {
    const pid = name.slice(PREFIX.length);
    if (name.startsWith(PREFIX) && /^\d+$/.test(pid) && !alive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function writeConfig(path, cfg) {
  writeFileSync(`${path}.new`, JSON.stringify(cfg));
  renameSync(`${path}.new`, path);
}

const a = params();
sweepLeftovers();
const folder = join(tmpdir(), PREFIX + process.pid);
mkdirSync(folder, { recursive: true });
const path = join(folder, 'config.json');
let config = { version: 1, greeting: 'hello', item_ms: a.item_ms };
writeConfig(path, config);

const counts = Object.fromEntries(HANDLED.map((n) => [n, 0]));
let item = 0;
let done = 0;
let stopping = false;
let timer = null;
const start = Date.now();
const total = Math.max(1, Math.floor((a.duration_s * 1000) / config.item_ms));

// Node runs a signal's listeners on the event loop, between two callbacks: unlike a C or
// Python handler they cannot interrupt code halfway, so they may do real work.
const handlers = {
  SIGHUP() {
    const next = JSON.parse(readFileSync(path, 'utf8'));
    const changed = Object.keys(next)
      .sort()
      .filter((k) => config[k] !== next[k])
      .map((k) => `${k} ${config[k]} → ${next[k]}`);
    config = next;
    mark(`SIGHUP handler: reloaded config.json, ${changed.join('; ') || 'nothing changed'}`);
  },
  SIGUSR1() {
    mark(
      `SIGUSR1 handler: state: item ${item} running, ${done} done, version ${config.version}, up ${((Date.now() - start) / 1000).toFixed(1)} s`,
    );
  },
  SIGINT() {
    mark(`SIGINT handler: cancelled item ${item}, carrying on`);
    clearTimeout(timer);
    next();
  },
  SIGTERM() {
    if (stopping) return;
    stopping = true;
    mark(`SIGTERM handler: finishing item ${item}, then exiting`);
  },
};
for (const n of HANDLED)
  process.on(n, () => {
    counts[n] += 1;
    handlers[n]();
  });
let killRefused = 0;
try {
  process.on('SIGKILL', () => {});
} catch (e) {
  killRefused = 1;
  mark(`no handler for SIGKILL: the kernel refused it (${e.code ?? e.message})`);
}

function finish() {
  mark(stopping ? `graceful exit after item ${item}: cleaned up, exit code 0` : `duration reached: ${done} items done`);
  result({
    items_done: done,
    reloads: counts.SIGHUP,
    dumps: counts.SIGUSR1,
    interrupts: counts.SIGINT,
    terms: counts.SIGTERM,
    graceful: stopping ? 1 : 0,
    kill_handler_refused: killRefused,
    config_version: config.version,
  });
  rmSync(folder, { recursive: true, force: true });
  process.exit(0);
}

function next() {
  if (stopping || Date.now() - start >= a.duration_s * 1000) return finish();
  item += 1;
  timer = setTimeout(() => {
    done += 1;
    progress(Math.min(done, total), total);
    next();
  }, config.item_ms);
}

mark(`ready: pid ${process.pid}, handlers for ${HANDLED.join(', ')}; config ${path}`);
// Someone edits the config file while the program runs, as an admin would.
setTimeout(() => {
  writeConfig(path, { ...config, version: 2, greeting: 'hi' });
  mark('config.json edited on disk: version 2, greeting hi (the program has not noticed)');
}, 300);
next();
