#!/usr/bin/env node
// Moves test files so that test/ mirrors src/ (issue 24), from a map of old path → new path
// (default test/mirror-map.json). For every move: `git mv`, then every relative reference that
// the move changes is rewritten, in the moved files (their own imports, `__dirname` paths) and in
// every file that refers to a moved file (a helper, a fixture module), and in the files that
// list test paths (test/quick-integration.json, configs, scripts, package.json).
//
//   node scripts/mirror-tests.mjs [map.json] [--dry-run]
//
// A source in the map that no longer exists is skipped and said; a test file under test/unit,
// test/integration or test/chaos that the map does not name is reported (left where it is), so
// tests added after the map was written never stop the move. Exit 1 only for a real conflict
// (a target that already exists, two sources on one target).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dry = args.includes('--dry-run');
const mapFile = resolve(root, args.find((a) => !a.startsWith('--')) ?? 'test/mirror-map.json');
const rawMap = JSON.parse(readFileSync(mapFile, 'utf8'));

const TIERS = ['test/unit', 'test/integration', 'test/chaos'];
const CODE = /\.(ts|tsx|mts|cts|mjs|cjs|js)$/;
/** Files outside test/ that may name test paths or import test helpers. */
const LISTS = [
  'test/quick-integration.json',
  'vitest.config.mts',
  'playwright.config.ts',
  'package.json',
  'tsconfig.test.json',
  'eslint.config.mjs',
];

function walk(dir, out = []) {
  if (!existsSync(join(root, dir))) return out;
  for (const n of readdirSync(join(root, dir))) {
    if (n === 'node_modules' || n.startsWith('.')) continue;
    const p = posix.join(dir, n);
    if (statSync(join(root, p)).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

// 1. The moves that can happen.
const moves = new Map();
const skipped = [];
const conflicts = [];
const targets = new Map();
for (const [from, to] of Object.entries(rawMap)) {
  if (from === to) continue;
  if (!existsSync(join(root, from))) {
    skipped.push(from);
    continue;
  }
  if (existsSync(join(root, to))) conflicts.push(`${to} already exists (for ${from})`);
  else if (targets.has(to)) conflicts.push(`${to} is the target of both ${targets.get(to)} and ${from}`);
  targets.set(to, from);
  moves.set(from, to);
}
const testFiles = TIERS.flatMap((t) => walk(t)).filter((f) => /\.test\.tsx?$/.test(f));
const unmapped = testFiles.filter((f) => !(f in rawMap));
if (conflicts.length) {
  console.error(`mirror-tests: nothing moved, ${conflicts.length} conflict(s):\n  ${conflicts.join('\n  ')}`);
  process.exit(1);
}

// 2. New text of every file whose references change (computed before anything moves).
const newPath = (f) => moves.get(f) ?? f;
const exts = ['', '.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs', '/index.ts'];
/** The file a relative specifier from `fromFile` names, as a repo path, or null. */
function target(fromFile, spec) {
  const base = posix.normalize(posix.join(posix.dirname(fromFile), spec));
  for (const e of exts) {
    const p = base + e;
    if (existsSync(join(root, p)) && statSync(join(root, p)).isFile()) return { file: p, ext: e };
  }
  return existsSync(join(root, base)) ? { file: base, ext: '', dir: true } : null;
}
function relSpec(fromNew, toNew) {
  let r = posix.relative(posix.dirname(fromNew), toNew);
  if (!r.startsWith('.')) r = `./${r}`;
  return r;
}
/** A path under a moved directory does not occur (files move, not folders), so a dir maps to itself. */
function rewriteSpec(file, spec) {
  if (!spec.startsWith('.')) return spec;
  const t = target(file, spec);
  if (!t) return spec;
  const toOld = t.file;
  const toNew = t.dir ? toOld : newPath(toOld);
  if (toNew === toOld && newPath(file) === file) return spec;
  let s = relSpec(newPath(file), toNew);
  if (t.ext && !t.dir) s = s.slice(0, s.length - t.ext.length);
  return s === spec ? spec : s;
}

const IMPORT_RES = [
  /(\bfrom\s+)(['"])(\.{1,2}\/[^'"]*)\2/g, // import … from '…' / export … from '…'
  /(\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, // import('…')
  /(\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g, // import '…'
  /(\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, // require('…')
  /(\bvi\.(?:mock|importActual|doMock)\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, // vi.mock('…')
];
/** join(__dirname, '..', 'fixtures') and the like: the literal segments after __dirname. */
const DIRNAME_RE = /(\b(?:path\.)?(?:join|resolve)\(\s*__dirname\s*,\s*)((?:(['"])[^'"]*\3\s*,\s*)*(['"])[^'"]*\4)/g;

const needsLook = [];
function rewrite(file, text) {
  let out = text;
  for (const re of IMPORT_RES) out = out.replace(re, (m, pre, q, spec) => `${pre}${q}${rewriteSpec(file, spec)}${q}`);
  // import.meta.glob('../fixtures/x/*/lesson.ts'): the folder before the first glob segment.
  out = out.replace(/(\bimport\.meta\.glob\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (m, pre, q, spec) => {
    if (!moves.has(file)) return m;
    const parts = spec.split('/');
    const i = parts.findIndex((p) => /[*{?[]/.test(p));
    const head = parts.slice(0, i < 0 ? parts.length : i).join('/');
    const tail = i < 0 ? '' : parts.slice(i).join('/');
    const abs = posix.normalize(posix.join(posix.dirname(file), head));
    let r = posix.relative(posix.dirname(newPath(file)), abs);
    if (!r.startsWith('.')) r = `./${r}`;
    return `${pre}${q}${tail ? `${r}/${tail}` : r}${q}`;
  });
  if (moves.has(file)) {
    out = out.replace(DIRNAME_RE, (m, pre, lits) => {
      const segs = [...lits.matchAll(/(['"])([^'"]*)\1/g)].map((x) => x[2]);
      const oldAbs = posix.normalize(posix.join(posix.dirname(file), ...segs));
      if (!existsSync(join(root, oldAbs)) && !segs.every((s) => s === '..' || s === '.')) {
        // e.g. join(__dirname, 'x', name): the literal part alone is a folder prefix; keep it if it exists
        if (!existsSync(join(root, oldAbs))) needsLook.push(`${file}: ${m.trim()}`);
      }
      let r = posix.relative(posix.dirname(newPath(file)), oldAbs) || '.';
      return `${pre}'${r.split('/').join("', '")}'`;
    });
    for (const m of out.matchAll(/new URL\(\s*['"]\.{1,2}\/[^'"]*['"]\s*,\s*import\.meta\.url/g)) needsLook.push(`${file}: ${m[0]}`);
    if (/__filename|process\.cwd\(\)\s*,\s*['"]test\//.test(out) && !/__filename\)/.test(out))
      needsLook.push(`${file}: uses __filename/cwd-relative test paths`);
  }
  return out;
}

const candidates = [...new Set([...walk('test'), ...walk('scenarios'), ...walk('scripts'), ...walk('bench')].filter((f) => CODE.test(f)))];
const edits = new Map(); // repo path AFTER the move → text
for (const f of candidates) {
  const text = readFileSync(join(root, f), 'utf8');
  const out = rewrite(f, text);
  if (out !== text || moves.has(f)) edits.set(newPath(f), out);
}
// Literal test paths in lists and configs ("test/integration/x.test.ts").
for (const f of [...LISTS, ...candidates.filter((c) => c.startsWith('scripts/'))]) {
  if (!existsSync(join(root, f))) continue;
  const text = edits.get(newPath(f)) ?? readFileSync(join(root, f), 'utf8');
  let out = text;
  for (const [from, to] of moves) out = out.split(from).join(to);
  if (out !== text) edits.set(newPath(f), out);
}

// 3. Report; then move and write.
const say = (t, list) => list.length && console.log(`${t} (${list.length}):\n  ${list.join('\n  ')}`);
console.log(`mirror-tests: ${moves.size} move(s)${dry ? ' (dry run: nothing changed)' : ''}`);
say('skipped, source missing', skipped);
say('unmapped test files, left in place (add them to the map)', unmapped);
say('look at these by hand (paths the script could not follow)', [...new Set(needsLook)]);
if (dry) {
  for (const [a, b] of moves) console.log(`  ${a} → ${b}`);
  process.exit(0);
}
for (const [from, to] of moves) {
  mkdirSync(join(root, dirname(to)), { recursive: true });
  execFileSync('git', ['mv', from, to], { cwd: root });
}
let rewritten = 0;
for (const [f, text] of edits) {
  const p = join(root, f);
  if (readFileSync(p, 'utf8') !== text) {
    writeFileSync(p, text);
    rewritten++;
  }
}
console.log(
  `mirror-tests: moved ${moves.size}, rewrote references in ${rewritten} file(s). Now: npm run typecheck && npx eslint test && npx vitest run --project unit`,
);
