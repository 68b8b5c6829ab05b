#!/usr/bin/env node
// The Python programs of the scenarios (and their kit) and the seeds' examples are byte-compiled, always, and checked
// with pyflakes where Debian's pyflakes3 is installed (.ci/run installs it); without it that
// check says it was skipped and why, rather than passing in silence.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const python = process.env.PROCLAB_PYTHON || 'python3';

function pyFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === '__pycache__' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) out.push(...pyFiles(p));
    else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

const files = [
  ...pyFiles(join(root, 'scenarios')),
  ...pyFiles(join(root, 'python-bootstrap')),
  ...pyFiles(join(root, 'src', 'shared', 'examples')),
  ...pyFiles(join(root, 'test', 'fixtures', 'scenarios')),
];
const rel = files.map((f) => relative(root, f));
// compile() without writing: no __pycache__ left in the scenario folders.
const compile = spawnSync(
  python,
  ['-c', 'import sys\nfor f in sys.argv[1:]:\n    compile(open(f, encoding="utf-8").read(), f, "exec")', ...rel],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (compile.error) {
  console.error(`python: cannot run ${python}: ${compile.error.message}`);
  process.exit(1);
}
if (compile.status !== 0) process.exit(compile.status ?? 1);
console.log(`python: ${rel.length} files byte-compile`);

const pyflakes = spawnSync('pyflakes3', rel, { cwd: root, stdio: 'inherit' });
if (pyflakes.error) console.log('pyflakes: skipped (pyflakes3 is not installed here: apt-get install pyflakes3)');
else if (pyflakes.status !== 0) process.exit(pyflakes.status ?? 1);
else console.log(`pyflakes: ${rel.length} files clean`);
