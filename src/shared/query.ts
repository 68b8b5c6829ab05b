import { RE2JS } from 're2js';
import type { ProcRow } from './model';
import { STATE_OF_LETTER } from './proc-state';

/**
 * The filter's query language. Words separated by spaces must all match; a word is one of
 *   plain text       name, command, pid, ppid, state, run id or user contains/equals it
 *   field:value      pid:, ppid:, user:, run:, name:, cmd: (contains), state: (word or letter R S D T Z I X, orphan, daemon)
 *   field~regex      name~, cmd~, user~ (case-insensitive regular expression, RE2 syntax: matched in
 *                    linear time, so no pattern can stall the host that filters every client's table;
 *                    backreferences and lookaround are refused with an error naming them)
 *   field<op>number  cpu, rss, virt, shr, threads, pid, ppid, ni, pri, core, io with > < >= <= = (rss, virt, shr and io take K/M/G)
 *   -word            any of the above, negated
 */
type Test = (r: ProcRow) => boolean;

const NUMERIC: Record<string, (r: ProcRow) => number | undefined> = {
  cpu: (r) => r.cpu,
  rss: (r) => r.rss,
  mem: (r) => r.rss,
  virt: (r) => r.virt,
  shr: (r) => r.shr,
  threads: (r) => r.threads,
  pid: (r) => r.pid,
  ppid: (r) => r.ppid,
  ni: (r) => r.nice,
  nice: (r) => r.nice,
  pri: (r) => r.priority,
  core: (r) => r.lastCore,
  io: (r) => (r.io ? r.io.readBps + r.io.writeBps : undefined),
};

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function parseNumber(s: string): number | null {
  const m = /^(-?\d+(?:\.\d+)?)([kmg]?)(?:i?b)?$/.exec(s);
  return m ? Number(m[1]) * (UNITS[m[2] as string] as number) : null;
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    default:
      return a === b;
  }
}

/** A regex feature RE2 cannot match in linear time, and so refuses. */
export type RegexFeature = 'lookbehind' | 'lookahead' | 'backreference';

/** What RE2 refuses, named (in the host's words) so the user knows what to change. */
const UNSUPPORTED: Array<[RegExp, RegexFeature, string]> = [
  [/(?<!\\)\(\?<[=!]/, 'lookbehind', 'lookbehind ((?<= or (?<!)'],
  [/(?<!\\)\(\?[=!]/, 'lookahead', 'lookahead ((?= or (?!)'],
  [/\\[1-9]|\\k</, 'backreference', 'backreferences (\\1, \\k<name>)'],
];

/** Why a `field~regex` word cannot be used, or null when it can (an unfinished pattern can: it is read as text). */
function unsupported(src: string): (typeof UNSUPPORTED)[number] | null {
  // Escaped backslashes first, so that `\\1` (a backslash, then 1) is not taken for a backreference.
  const bare = src.replace(/\\\\/g, '');
  return UNSUPPORTED.find(([re]) => re.test(bare)) ?? null;
}

interface Matcher {
  test(s: string): boolean;
}

/** Compiled patterns by source: a client's query is matched against every row at every tick. */
const compiled = new Map<string, Matcher | null>();
const MAX_COMPILED = 64;

function regex(src: string): Matcher | null {
  let m = compiled.get(src);
  if (m !== undefined) return m;
  try {
    m = RE2JS.compile(src, RE2JS.CASE_INSENSITIVE);
  } catch {
    m = null;
  }
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(src, m);
  return m;
}

const REGEX_WORD = /^-?(name|cmd|user)~(.+)$/;

/**
 * The first thing in a query that cannot be matched, in words, or null. Only regex features the
 * linear-time engine refuses count: an unfinished pattern while typing is read as plain text.
 */
export function queryError(query: string): string | null {
  const p = queryProblem(query);
  return p && `${p.word}: ${p.what} cannot be used; the filter's regexes are RE2 syntax, matched in linear time`;
}

/** The first word of a query that cannot be matched and the feature in it (for words in the UI's language), or null. */
export function queryProblem(query: string): { word: string; feature: RegexFeature; what: string } | null {
  for (const word of query.trim().split(/\s+/)) {
    const m = REGEX_WORD.exec(word);
    const hit = m && unsupported(m[2] as string);
    if (hit) return { word: `${m![1]}~${m![2]}`, feature: hit[1], what: hit[2] };
  }
  return null;
}

const contains = (hay: string | null, needle: string): boolean => (hay ?? '').toLowerCase().includes(needle);

function stateTest(value: string): Test {
  const st = (value.length === 1 ? (STATE_OF_LETTER as Readonly<Record<string, string>>)[value.toUpperCase()] : undefined) ?? value;
  return (r) => r.state === st || (value === 'orphan' && r.orphan) || (value === 'daemon' && r.daemon);
}

/** One word of the query as a test (case-insensitive; `word` keeps its case for regexes). */
function wordTest(word: string): Test {
  const w = word.toLowerCase();
  const num = /^([a-z]+)(>=|<=|>|<|=)(.+)$/.exec(w);
  if (num && NUMERIC[num[1] as string]) {
    const get = NUMERIC[num[1] as string]!;
    const n = parseNumber(num[3] as string);
    if (n === null) return () => false;
    return (r) => {
      const v = get(r);
      return v !== undefined && compare(num[2] as string, v, n);
    };
  }
  const re = /^(name|cmd|user)~(.+)$/.exec(word);
  if (re) {
    const rx = regex(re[2] as string);
    const field = re[1] as 'name' | 'cmd' | 'user';
    // An unfinished pattern while typing ("a(") is read as plain text rather than matching nothing.
    if (!rx) return (r) => contains(r[field], (re[2] as string).toLowerCase());
    return (r) => rx.test(r[field] ?? '');
  }
  const kv = /^(pid|ppid|state|run|name|cmd|user):(.+)$/.exec(w);
  if (kv) {
    const value = kv[2] as string;
    switch (kv[1]) {
      case 'pid':
        return (r) => String(r.pid) === value;
      case 'ppid':
        return (r) => String(r.ppid) === value;
      case 'state':
        return stateTest(value);
      case 'run':
        return (r) => contains(r.runId, value);
      case 'user':
        return (r) => (r.user ?? '').toLowerCase() === value;
      case 'cmd':
        return (r) => contains(r.cmd, value);
      default:
        return (r) => contains(r.name, value);
    }
  }
  return (r) =>
    String(r.pid) === w ||
    String(r.ppid) === w ||
    contains(r.name, w) ||
    contains(r.cmd, w) ||
    r.state === w ||
    contains(r.runId, w) ||
    (r.user ?? '').toLowerCase() === w;
}

/** The query as one predicate, or null for an empty query (everything matches). */
export function parseQuery(query: string): ((r: ProcRow) => boolean) | null {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const tests = words.map((word): Test => {
    if (word.length > 1 && word.startsWith('-') && !/^-\d/.test(word)) {
      const t = wordTest(word.slice(1));
      return (r) => !t(r);
    }
    return wordTest(word);
  });
  return (r) => tests.every((t) => t(r));
}

/** Kernel threads: kthreadd (pid 2) and its children; they have no command line of their own. */
export function isKernelThread(r: ProcRow): boolean {
  return r.pid === 2 || r.ppid === 2;
}
