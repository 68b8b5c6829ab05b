'use strict';
// orphan (Node): the parent exits first; a detached child keeps running and is adopted.
//
//   node main.js --parent_s 2 --child_s 6
//
// spawn({ detached: true }) puts the child in its own session, and unref() lets the parent
// exit without waiting for it. When the parent is gone, the kernel re-parents the child
// to init (PID 1) or the nearest subreaper, and process.ppid changes.
// The scenario kit (../_kit/proclab.mjs): parameters from manifest.json, protocol lines.
const { params, emit } = require('../_kit/proclab.mjs');
const { spawn } = require('node:child_process');

// --role is how the parent starts its child, not a parameter of the lesson.
const a = params({ role: { default: 'parent', help: '(internal) parent or child' } });

if (a.role === 'child') {
  const before = process.ppid;
  let after = before;
  emit('mark', { label: `child ${process.pid} started, ppid=${before}`, pid: process.pid });
  // process.ppid is read fresh from the OS each time.
  const watch = setInterval(() => {
    if (process.ppid !== after) {
      emit('mark', { label: `parent gone: child ${process.pid} re-parented ${after} -> ${process.ppid}`, pid: process.pid });
      after = process.ppid;
    }
  }, 100);
  setTimeout(
    () => {
      clearInterval(watch);
      emit('result', { child_pid: process.pid, ppid_before: before, ppid_after: after });
      emit('mark', { label: `orphan ${process.pid} done, exiting`, pid: process.pid });
    },
    parseFloat(a.child_s) * 1000,
  );
} else {
  const c = spawn(process.execPath, [__filename, '--role', 'child', '--child_s', a.child_s], { detached: true, stdio: 'inherit' });
  c.unref(); // do not keep our event loop alive for the child
  emit('result', { parent_pid: process.pid, child_pid: c.pid });
  setTimeout(
    () => {
      emit('mark', { label: `parent ${process.pid} exits now, child ${c.pid} still running`, pid: process.pid });
      process.exit(0);
    },
    parseFloat(a.parent_s) * 1000,
  );
}
