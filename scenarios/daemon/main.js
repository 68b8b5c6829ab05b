'use strict';
// daemon (Node): a child the parent ends when it exits, vs a child the parent waits for.
//
//   node main.js --main_s 2 --daemon_s 30 --nondaemon_s 6
//
// Node has no daemon flag. Its nearest equivalent of Python's daemon=True is a child that
// is unref()'d (the parent does not wait for it) and killed in the parent's 'exit'
// handler. A normal child keeps the parent's event loop alive until it exits, like a
// non-daemon child. (A detached + unref()'d child that is NOT killed would outlive the
// parent instead: see the orphan scenario.)
// The scenario kit (../_kit/proclab.mjs): parameters from manifest.json, protocol lines.
const { params, emit } = require('../_kit/proclab.mjs');
const { spawn } = require('node:child_process');

// --role and --seconds are how the parent starts its children, not parameters of the lesson.
const a = params({
  role: { default: 'parent', help: '(internal) parent, daemon or non-daemon' },
  seconds: { default: '1', help: "(internal) a child's working time" },
});

if (a.role !== 'parent') {
  // A child: work for `seconds`, saying so twice a second.
  const seconds = parseFloat(a.seconds);
  const t0 = Date.now();
  const beat = setInterval(() => emit('metric', { name: `${a.role}_alive_s`, value: +((Date.now() - t0) / 1000).toFixed(1) }), 500);
  setTimeout(() => {
    clearInterval(beat);
    emit('mark', { label: `${a.role} child ${process.pid} finished its work`, pid: process.pid });
  }, seconds * 1000);
} else {
  const child = (role, seconds) => spawn(process.execPath, [__filename, '--role', role, '--seconds', seconds], { stdio: 'inherit' });
  const d = child('daemon', a.daemon_s);
  d.unref(); // the parent will not wait for it...
  process.on('exit', () => d.kill()); // ...and ends it when the parent itself exits
  const n = child('non-daemon', a.nondaemon_s); // referenced: keeps the event loop (the parent) alive
  emit('daemon', { pid: d.pid });
  emit('mark', { label: `started daemon ${d.pid} and non-daemon ${n.pid}`, pid: process.pid });

  setTimeout(
    () => {
      emit('result', {
        main_ended: 1,
        parent_pid: process.pid,
        daemon_pid: d.pid,
        nondaemon_pid: n.pid,
        daemon_would_run_ms: parseFloat(a.daemon_s) * 1000,
        nondaemon_ms: parseFloat(a.nondaemon_s) * 1000,
      });
      emit('mark', {
        label: 'main code ends: the parent now only waits for the non-daemon child, then kills the daemon on exit',
        pid: process.pid,
      });
    },
    parseFloat(a.main_s) * 1000,
  );
}
