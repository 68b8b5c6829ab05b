// Preloaded into the soak's browser-mode host (node --expose-gc --require …): on SIGUSR2 it
// collects garbage and prints its memory, so the bench reads the host's own heap without an
// inspector. Not part of the app.
'use strict';
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
  process.stderr.write(`SOAK-MEM ${JSON.stringify(process.memoryUsage())}\n`);
});
