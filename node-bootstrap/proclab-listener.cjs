'use strict';
/*
 * ProcLab's stacks listener (started by proclab-preload.cjs as an unref'd worker of the run's root).
 * It owns the engine's channel (a socketpair, one JSON request per line, one JSON reply per line;
 * the same protocol as python-bootstrap/_proclab_bootstrap.py), names its native thread
 * `proclab-stacks` and says hello with its TID so the engine hides it from the program's threads.
 *
 * A stacks request pauses each JS thread for an instant through the inspector (the main thread
 * by Session#connectToMainThread, workers through the NodeWorker domain), reads its call frames
 * and resumes it. A thread that does not pause within PAUSE_MS runs no JS: it is idle in its event
 * loop or blocked in native code (Atomics.wait, a sync call); the reply says which, from its wchan.
 */
const fs = require('fs');
const net = require('net');
const inspector = require('inspector');
const { fileURLToPath } = require('url');
const { workerData, threadId } = require('worker_threads');

const LISTENER_NAME = 'proclab-stacks';
const TIDS_CHANNEL = 'proclab-stacks-tids';
const MAX_FRAMES = 200;
const MAX_REQUEST = 4096;
const MAX_SOURCE = 200;
const PAUSE_MS = 1000;

const { fd, flags, mainTid } = workerData.proclabListener;

function ownTid() {
  try {
    return Number(fs.readlinkSync('/proc/thread-self').split('/').pop()) || null;
  } catch {
    return null;
  }
}

const tid = ownTid();
try {
  fs.writeFileSync('/proc/thread-self/comm', LISTENER_NAME);
} catch {
  // The hello's TID hides it all the same.
}

/** Worker threadId → native TID, as each worker's preload told it (ended threads pruned as it grows). */
const tids = new Map();
const MAX_TIDS = 4096;
try {
  const bc = new BroadcastChannel(TIDS_CHANNEL);
  bc.onmessage = (e) => {
    const m = e.data;
    if (!m || !Number.isInteger(m.threadId) || !Number.isInteger(m.tid)) return;
    if (tids.size >= MAX_TIDS) for (const [k, t] of tids) if (!alive(t)) tids.delete(k);
    if (tids.size < MAX_TIDS) tids.set(m.threadId, m.tid);
  };
  bc.unref();
} finally {
  // The main thread waits for this before the program runs: it must come even if the above failed.
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
}

const sock = new net.Socket({ fd, readable: true, writable: true });
sock.setEncoding('utf8');
sock.on('error', () => sock.destroy());
const send = (obj) => sock.write(JSON.stringify(obj) + '\n');
send({ hello: 1, pid: process.pid, tid, runtime: 'node' });

let pending = '';
sock.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    answer(line);
  }
  if (pending.length > MAX_REQUEST) pending = '';
});

function answer(line) {
  let req = null;
  try {
    req = JSON.parse(line);
  } catch {
    // answered below as unknown
  }
  const id = req && typeof req === 'object' ? req.id : null;
  const op = req && typeof req === 'object' ? req.op : null;
  if (op !== 'stacks') return send({ id, ok: false, error: op === 'locks' ? 'Node runs keep no lock owners' : 'unknown request' });
  stacks().then(
    (threads) => send({ id, ok: true, pid: process.pid, threads }),
    (e) => send({ id, ok: false, error: String((e && e.message) || e) }),
  );
}

function alive(t) {
  return t !== null && fs.existsSync(`/proc/self/task/${t}`);
}

/** Why a thread that did not pause shows no JS: its wchan says where it sleeps. */
function noJsWhy(t) {
  let wchan = '';
  let state = '';
  try {
    wchan = fs.readFileSync(`/proc/self/task/${t}/wchan`, 'utf8').trim();
    state = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1].charAt(0);
  } catch {
    // unknown: the general reason below
  }
  if (/epoll/.test(wchan)) return 'waiting in its event loop or a sync call (epoll): no JS running now';
  if (/futex/.test(wchan)) return 'blocked in native code (e.g. Atomics.wait, a lock): no JS stack';
  if (state === 'R') return 'busy in native code: no JS stack';
  return `blocked in native code${wchan && wchan !== '0' ? ` (${wchan})` : ''} (e.g. Atomics.wait, a sync call): no JS stack`;
}

const sourceCache = new Map();
function sourceLine(file, line) {
  if (!file || !file.startsWith('/')) return '';
  let lines = sourceCache.get(file);
  if (lines === undefined) {
    try {
      const st = fs.statSync(file);
      lines = st.size < 4 * 1024 * 1024 ? fs.readFileSync(file, 'utf8').split('\n') : null;
    } catch {
      lines = null;
    }
    sourceCache.set(file, lines);
  }
  return lines && lines[line - 1] !== undefined ? lines[line - 1].trim().slice(0, MAX_SOURCE) : '';
}

function framesOf(callFrames, urls) {
  return callFrames.slice(0, MAX_FRAMES).map((f) => {
    let file = f.url || urls.get(f.location.scriptId) || '';
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        // keep the URL
      }
    }
    const line = f.location.lineNumber + 1;
    const source = sourceLine(file, line);
    return { file: file || '<eval>', line, function: f.functionName || '<anonymous>', source };
  });
}

/**
 * Pauses one thread through `post` (an inspector session to it) and reads its frames. The pause
 * lasts as long as reading them; a thread that runs no JS never pauses and gets `null` after PAUSE_MS.
 */
function pauseAndRead(post, onEvent) {
  return new Promise((resolve) => {
    // Debugger.enable reports every script: their URLs name the frames' files.
    const urls = new Map();
    let done = false;
    const finish = (frames) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(frames);
    };
    const timer = setTimeout(() => finish(null), PAUSE_MS);
    onEvent((method, params) => {
      if (method === 'Debugger.scriptParsed') {
        if (params.url) urls.set(params.scriptId, params.url);
        return;
      }
      if (method !== 'Debugger.paused' || done) return;
      const frames = framesOf(params.callFrames, urls);
      post('Debugger.resume').catch(() => {});
      finish(frames);
    });
    post('Debugger.enable')
      .then(() => post('Debugger.pause'))
      .catch(() => finish(null));
  });
}

function postOn(session) {
  return (method, params) =>
    new Promise((resolve, reject) => session.post(method, params || {}, (err, r) => (err ? reject(err) : resolve(r))));
}

async function stacks() {
  // Source lines are read afresh for each request (a file may have changed; the cache stays small).
  sourceCache.clear();
  if (Atomics.load(flags, 1) === 1) throw new Error('the program uses the inspector itself: ProcLab leaves it alone');
  const session = new inspector.Session();
  session.__proclab = true;
  session.connectToMainThread();
  const post = postOn(session);
  try {
    const mainJob = pauseAndRead(post, (cb) => session.on('inspectorNotification', (m) => cb(m.method, m.params)));
    const workerJobs = await workerStacks(session, post);
    const mainFrames = await mainJob;
    await post('Debugger.disable').catch(() => {});
    const main = { name: null, ident: 0, tid: mainTid, main: true, daemon: null, frames: mainFrames || [] };
    if (!mainFrames) main.why = noJsWhy(mainTid);
    return [main, ...(await Promise.all(workerJobs))];
  } finally {
    session.disconnect();
  }
}

/** Each worker of the main thread, attached through the NodeWorker domain; ours is left out. */
async function workerStacks(session, post) {
  const attached = [];
  const onAttached = (m) => attached.push(m.params);
  session.on('NodeWorker.attachedToWorker', onAttached);
  const replies = new Map();
  session.on('NodeWorker.receivedMessageFromWorker', (m) => {
    const h = replies.get(m.params.sessionId);
    if (h) h(m.params.message);
  });
  try {
    await post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  } catch {
    return [];
  }
  // Attached workers are reported as events right after enable's reply.
  await new Promise((r) => setImmediate(r));
  session.off('NodeWorker.attachedToWorker', onAttached);
  // workerId is the session's own counter: the title "[worker N] name" carries the threadId.
  const threadIdOf = (a) => {
    const m = /^\[worker (\d+)\]/.exec((a.workerInfo && a.workerInfo.title) || '');
    return m ? Number(m[1]) : null;
  };
  const jobs = attached
    .filter((a) => threadIdOf(a) !== null && threadIdOf(a) !== threadId)
    .map(async (a) => {
      const sessionId = a.sessionId;
      const wid = threadIdOf(a);
      let nextId = 1;
      const calls = new Map();
      let eventCb = null;
      replies.set(sessionId, (raw) => {
        let msg;
        try {
          msg = JSON.parse(raw);
        } catch {
          return;
        }
        if (msg.method && eventCb) eventCb(msg.method, msg.params);
        const c = msg.id !== undefined && calls.get(msg.id);
        if (c) {
          calls.delete(msg.id);
          if (msg.error) c.reject(new Error(msg.error.message));
          else c.resolve(msg.result);
        }
      });
      const wpost = (method, params) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          calls.set(id, { resolve, reject });
          post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params: params || {} }) }).catch(
            reject,
          );
        });
      const frames = await pauseAndRead(wpost, (cb) => (eventCb = cb));
      // The detach ends the worker's session: a pause still queued (a blocked worker) goes with it.
      post('NodeWorker.detach', { sessionId }).catch(() => {});
      const wtid = tids.has(wid) && alive(tids.get(wid)) ? tids.get(wid) : null;
      const t = { name: a.workerInfo.title || `worker ${wid}`, ident: wid, tid: wtid, main: false, daemon: null, frames: frames || [] };
      if (!frames)
        t.why = wtid !== null ? noJsWhy(wtid) : 'no JS stack: it did not pause (blocked in native code, e.g. Atomics.wait, or idle)';
      return t;
    });
  return jobs;
}
