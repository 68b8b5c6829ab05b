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
const { parseArgs } = require('node:util');
const { spawn } = require('node:child_process');

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const { values: a } = parseArgs({
  options: {
    main_s: { type: 'string', default: '2' },
    daemon_s: { type: 'string', default: '30' },
    nondaemon_s: { type: 'string', default: '6' },
    role: { type: 'string', default: 'parent' },
    seconds: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (a.help) {
  console.log(
    'usage: node main.js [--main_s N] [--daemon_s N] [--nondaemon_s N]\nA daemon-like child ends with the parent; a normal child keeps the parent waiting.',
  );
} else if (a.role !== 'parent') {
  // A child: work for `seconds`, saying so twice a second.
  const seconds = parseFloat(a.seconds);
  const t0 = Date.now();
  const beat = setInterval(() => emit({ ev: 'metric', name: `${a.role}_alive_s`, value: +((Date.now() - t0) / 1000).toFixed(1) }), 500);
  setTimeout(() => {
    clearInterval(beat);
    emit({ ev: 'mark', label: `${a.role} child ${process.pid} finished its work`, pid: process.pid });
  }, seconds * 1000);
} else {
  const child = (role, seconds) => spawn(process.execPath, [__filename, '--role', role, '--seconds', seconds], { stdio: 'inherit' });
  const d = child('daemon', a.daemon_s);
  d.unref(); // the parent will not wait for it...
  process.on('exit', () => d.kill()); // ...and ends it when the parent itself exits
  const n = child('non-daemon', a.nondaemon_s); // referenced: keeps the event loop (the parent) alive
  emit({ ev: 'daemon', pid: d.pid });
  emit({ ev: 'mark', label: `started daemon ${d.pid} and non-daemon ${n.pid}`, pid: process.pid });

  setTimeout(
    () => {
      emit({
        ev: 'result',
        main_ended: 1,
        parent_pid: process.pid,
        daemon_pid: d.pid,
        nondaemon_pid: n.pid,
        daemon_would_run_ms: parseFloat(a.daemon_s) * 1000,
        nondaemon_ms: parseFloat(a.nondaemon_s) * 1000,
      });
      emit({
        ev: 'mark',
        label: 'main code ends: the parent now only waits for the non-daemon child, then kills the daemon on exit',
        pid: process.pid,
      });
    },
    parseFloat(a.main_s) * 1000,
  );
}
