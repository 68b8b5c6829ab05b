// The suite's own leak check: `npm test` puts PROCLAB_TEST_SUITE=<random id> into the
// environment of everything it starts (children inherit it through setsid, double forks and
// new process groups alike), and at the end looks for any live process still carrying it.
// A process that replaces its whole environment escapes this check; none of ours does.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

export const SUITE_VAR = 'PROCLAB_TEST_SUITE';

export function newSuiteId() {
  return randomBytes(8).toString('hex');
}

function read(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`);
  } catch {
    return null;
  }
}

/** Live processes (zombies excluded: they hold nothing and their parent reaps them) marked with this id. */
export function findMarked(id, { exclude = [process.pid] } = {}) {
  const needle = `${SUITE_VAR}=${id}`;
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (exclude.includes(pid)) continue;
    const env = read(pid, 'environ');
    if (!env || !env.toString('utf8').split('\0').includes(needle)) continue;
    const stat = read(pid, 'stat')?.toString('utf8') ?? '';
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') continue;
    const cmd = (read(pid, 'cmdline')?.toString('utf8') ?? '').split('\0').filter(Boolean).join(' ');
    found.push({ pid, state, cmd });
  }
  return found;
}

/** SIGKILLs every marked survivor and returns what it found, for the report. */
export function endMarked(id, opts) {
  const found = findMarked(id, opts);
  for (const p of found) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone between the scan and the kill
    }
  }
  return found;
}
