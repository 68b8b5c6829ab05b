#!/usr/bin/env node
// Builds out/ when it is missing or older than any source file, so `npm start`, the CLI
// and the e2e tests always run the code that is in the tree (and a fresh clone needs no
// separate build step).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['out/main/index.js', 'out/main/web.js', 'out/main/cli.js', 'out/preload/index.js', 'out/renderer/index.html'];
// scenarios: the lessons (scenarios/<id>/lesson.ts) are bundled, and a new folder needs its lesson in the build.
const inputs = ['src', 'scenarios', 'electron.vite.config.ts', 'package.json'];

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

export function isStale() {
  const outs = outputs.map((p) => join(root, p));
  if (!outs.every((p) => existsSync(p))) return true;
  const oldestOut = Math.min(...outs.map((p) => statSync(p).mtimeMs));
  const newestIn = Math.max(
    ...inputs
      .map((p) => join(root, p))
      .filter(existsSync)
      .map(newest),
  );
  return newestIn > oldestOut;
}

export function ensureBuild({ quiet = false } = {}) {
  if (!isStale()) return true;
  if (!quiet) process.stderr.write('proclab: building the app (first start or sources changed)…\n');
  const bin = join(root, 'node_modules', '.bin', 'electron-vite');
  if (!existsSync(bin)) {
    process.stderr.write('proclab: dependencies are missing; run `npm install` first.\n');
    return false;
  }
  const r = spawnSync(bin, ['build'], { cwd: root, stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(String(r.stdout) + String(r.stderr));
    process.stderr.write('proclab: the build failed (see above).\n');
    return false;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(ensureBuild() ? 0 : 1);
}
