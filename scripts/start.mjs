#!/usr/bin/env node
// `npm start`: the desktop window where the Electron runtime can run; otherwise the same UI
// in browser mode, with one sentence saying why. `--web` forces browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const forceWeb = argv.includes('--web');
const passThrough = argv.filter((a) => a !== '--web');

function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, why: 'the electron package is not installed' };
  }
  const present = () => {
    const txt = join(dir, 'path.txt');
    if (!existsSync(txt)) return null;
    const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), readFileSync(txt, 'utf8'));
    return existsSync(bin) ? bin : null;
  };
  let bin = present();
  if (!bin) {
    // Electron 42+ downloads its runtime on first use; quietly try, keep its noise out. A failed
    // try is remembered for an hour so an offline machine does not retry at every start.
    const failedMark = join(dir, '.proclab-download-failed');
    const age = existsSync(failedMark) ? Date.now() - statSync(failedMark).mtimeMs : -1;
    if (age >= 0 && age < 3_600_000)
      return {
        path: null,
        why: `the Electron runtime could not be downloaded on this machine; last tried ${Math.round(age / 60_000)} min ago`,
      };
    process.stderr.write('proclab: fetching the Electron runtime (first start)…\n');
    const r = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'pipe', timeout: 180_000 });
    bin = r.status === 0 ? present() : null;
    if (!bin) {
      try {
        writeFileSync(failedMark, new Date().toISOString() + '\n');
      } catch {
        /* read-only node_modules: then it simply tries again next time */
      }
      return { path: null, why: 'the Electron runtime could not be downloaded on this machine' };
    }
    rmSync(failedMark, { force: true });
  }
  return { path: bin, why: null };
}

async function startWeb(reason) {
  if (reason) process.stdout.write(`Desktop window unavailable (${reason}), so ProcLab is serving the same UI in browser mode instead.\n`);
  const { runWebHost } = require(join(root, 'out/main/web.js'));
  await runWebHost(passThrough);
}

if (!ensureBuild()) process.exit(1);

if (forceWeb) {
  await startWeb(null);
} else {
  const { path, why } = electronBinary();
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (!path) await startWeb(why);
  else if (headless) await startWeb('no graphical display: DISPLAY and WAYLAND_DISPLAY are unset');
  else {
    const started = Date.now();
    const child = spawn(path, [root, ...passThrough], { stdio: ['ignore', 'inherit', 'pipe'] });
    let errText = '';
    child.stderr.on('data', (d) => {
      errText += d;
      process.stderr.write(d);
    });
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
    child.on('exit', async (code, signal) => {
      // A runtime that cannot start at all (missing system libraries) dies at once.
      if (code !== 0 && !signal && Date.now() - started < 5000) {
        const line = errText.split('\n').find((l) => l.trim()) ?? `exit code ${code}`;
        await startWeb(`the Electron runtime failed to start: ${line.trim().slice(0, 160)}`);
      } else process.exit(code ?? 1);
    });
  }
}
