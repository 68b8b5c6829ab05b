#!/usr/bin/env node
import { keepHostAliveOnRejection } from '../core/service/last-resort';
import { main } from './main';

// The entry of `proclab` (bundled as out/main/cli.js; in development: node --import tsx src/main/cli/index.ts).

// `proclab export … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

keepHostAliveOnRejection();
main(process.argv).then(
  // Exit once stdout has drained (a big report piped to another program must arrive whole).
  (code) => process.stdout.write('', () => process.exit(code)),
  (e: unknown) => {
    // main reports its own errors; this is only for a failure inside the reporting itself.
    process.stderr.write(`proclab: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
