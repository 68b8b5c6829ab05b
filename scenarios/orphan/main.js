'use strict';
// orphan (Node): the parent exits first; a detached child keeps running and is adopted.
//
//   node main.js --parent_s 2 --child_s 6
//
// spawn({ detached: true }) puts the child in its own session, and unref() lets the parent
// exit without waiting for it. When the parent is gone, the kernel re-parents the child
// to init (PID 1) or the nearest subreaper, and process.ppid changes.
const { parseArgs } = require('node:util');
const { spawn } = require('node:child_process');

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const { values: a } = parseArgs({
  options: {
    parent_s: { type: 'string', default: '2' },
    child_s: { type: 'string', default: '6' },
    role: { type: 'string', default: 'parent' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (a.help) {
  console.log('usage: node main.js [--parent_s N] [--child_s N]\nThe parent exits before its detached child; the child is re-parented.');
} else if (a.role === 'child') {
  const before = process.ppid;
  let after = before;
  emit({ ev: 'mark', label: `child ${process.pid} started, ppid=${before}`, pid: process.pid });
  // process.ppid is read fresh from the OS each time.
  const watch = setInterval(() => {
    if (process.ppid !== after) {
      emit({ ev: 'mark', label: `parent gone: child ${process.pid} re-parented ${after} -> ${process.ppid}`, pid: process.pid });
      after = process.ppid;
    }
  }, 100);
  setTimeout(
    () => {
      clearInterval(watch);
      emit({ ev: 'result', child_pid: process.pid, ppid_before: before, ppid_after: after });
      emit({ ev: 'mark', label: `orphan ${process.pid} done, exiting`, pid: process.pid });
    },
    parseFloat(a.child_s) * 1000,
  );
} else {
  const c = spawn(process.execPath, [__filename, '--role', 'child', '--child_s', a.child_s], { detached: true, stdio: 'inherit' });
  c.unref(); // do not keep our event loop alive for the child
  emit({ ev: 'result', parent_pid: process.pid, child_pid: c.pid });
  setTimeout(
    () => {
      emit({ ev: 'mark', label: `parent ${process.pid} exits now, child ${c.pid} still running`, pid: process.pid });
      process.exit(0);
    },
    parseFloat(a.parent_s) * 1000,
  );
}
