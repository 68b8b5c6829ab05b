// ProcLab's kit for Node scenario programs (standard library only).
//
//   const { params, emit, mark, metric, progress, result } = require('../_kit/proclab.mjs');
//
// `params()` reads the parameters declared in the manifest.json beside the running program
// (type, default, bounds), so each parameter is declared once; `--help` prints them. The other
// functions write the scenario protocol, one JSON object per line on stdout (ARCHITECTURE.md).
import { readFileSync, readlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** One protocol line in one write: processes and threads sharing the pipe never interleave half lines. */
export function emit(ev, fields = {}) {
  process.stdout.write(JSON.stringify({ ev, ...fields }) + '\n');
}

/** The kernel's id for the calling thread, from /proc/thread-self -> "<pid>/task/<tid>" (Linux only). */
export function osTid() {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || undefined;
  } catch {
    return undefined;
  }
}

/** A point on the run's timeline, tagged with the calling process and kernel thread (a mark about another process, `{ pid: child.pid }`, gets no thread id of ours). */
export function mark(label, fields = {}) {
  const own = fields.pid === undefined || fields.pid === process.pid;
  // `at`: when, by our clock (epoch ms); the line may be read late on a busy machine.
  emit('mark', { label, pid: process.pid, ...(own && { tid: osTid() }), at: Date.now(), ...fields });
}

export const metric = (name, value) => emit('metric', { name, value });
export const progress = (done, total) => emit('progress', { done, total });
/** Figures for the lesson; their names and types are the lesson's `result` schema. */
export const result = (fields) => emit('result', fields);
/** Declares a child as a daemon. */
export const daemon = (pid) => emit('daemon', { pid });

const program = () => resolve(process.argv[1] ?? '.');

/** The manifest.json beside the running program. */
export function manifest() {
  return JSON.parse(readFileSync(join(dirname(program()), 'manifest.json'), 'utf8'));
}

function fail(message) {
  process.stderr.write(`${basename(program())}: error: ${message}\n`);
  process.exit(2);
}

function convert(p, text) {
  if (p.type === 'int' || p.type === 'number') {
    const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : NaN;
    if (!Number.isFinite(n)) fail(`--${p.name} must be a number`);
    if (p.type === 'int' && !Number.isInteger(n)) fail(`--${p.name} must be a whole number`);
    if (n < p.min || n > p.max) fail(`--${p.name} must be between ${p.min} and ${p.max}`);
    return n;
  }
  if (p.type === 'enum') {
    if (!p.values.includes(text)) fail(`--${p.name} must be one of ${p.values.join(', ')}`);
    return text;
  }
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return fail(`--${p.name} must be true or false`);
}

/**
 * Parses `--name value` by the manifest's declared parameters for Node. `extra` declares options
 * a program uses but the manifest does not offer (how it starts its own children), as strings:
 * `{ role: { default: 'parent', help: '…' } }`.
 */
export function params(extra = {}) {
  const m = manifest();
  const specs = m.params.filter(
    (p, i, all) =>
      (!p.runtimes || p.runtimes.includes('node')) &&
      all.findIndex((q) => q.name === p.name && (!q.runtimes || q.runtimes.includes('node'))) === i,
  );
  const options = { help: { type: 'boolean', short: 'h' } };
  for (const p of specs) options[p.name] = { type: 'string' };
  for (const name of Object.keys(extra)) options[name] = { type: 'string' };
  let values;
  try {
    ({ values } = parseArgs({ options, strict: true }));
  } catch (e) {
    fail(e.message);
  }
  if (values.help) {
    const lines = [`usage: ${basename(program())} [--name value …]`, '', m.title.en, '', m.explanation.en, '', 'options:'];
    for (const p of specs) {
      const range =
        p.type === 'int' || p.type === 'number'
          ? `${p.min} to ${p.max}, `
          : p.type === 'enum'
            ? `${p.values.join(' | ')}, `
            : 'true | false, ';
      lines.push(`  --${p.name}  ${p.label.en}${p.help ? `: ${p.help.en}` : ''} (${range}default ${p.default})`);
    }
    for (const [name, x] of Object.entries(extra)) lines.push(`  --${name}  ${x.help} (default ${x.default})`);
    process.stdout.write(lines.join('\n') + '\n');
    process.exit(0);
  }
  const out = {};
  for (const p of specs) out[p.name] = values[p.name] === undefined ? p.default : convert(p, values[p.name]);
  for (const [name, x] of Object.entries(extra)) out[name] = values[name] ?? x.default;
  return out;
}
