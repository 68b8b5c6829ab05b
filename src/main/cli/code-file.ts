import fs from 'node:fs';
import path from 'node:path';
import { CODE_RUNTIMES, MAX_CODE_BYTES, commandSchemas } from '../../shared/commands';
import type { Runtime } from '../../shared/model';
import { UsageError } from './args';

/** What `proclab run --code FILE` sends as `run.code`. */
export interface CodeFile {
  runtime: Runtime;
  code: string;
  name: string;
}

const BY_EXTENSION: Record<string, Runtime> = { '.py': 'python', '.js': 'node', '.mjs': 'node', '.cjs': 'node' };

export function parseLang(s: string): Runtime {
  const r = s.trim().toLowerCase();
  if ((CODE_RUNTIMES as readonly string[]).includes(r)) return r as Runtime;
  throw new UsageError(`bad --lang "${s}": use ${CODE_RUNTIMES.join(' or ')}`);
}

/**
 * Reads and checks a file of the user's own code as the scratchpad's form would: every fault is a
 * UsageError of one line, found before the service starts, so a bad file changes nothing.
 */
export function readCodeFile(file: string, lang?: Runtime): CodeFile {
  const shown = file.length > 200 ? `${file.slice(0, 200)}…` : file;
  // lstat, not stat: a symlink (to /etc/shadow, say) is refused, not followed into a run's journal.
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    throw new UsageError(`bad --code "${shown}": no such file`);
  }
  if (st.isSymbolicLink()) throw new UsageError(`bad --code "${shown}": a symbolic link; give the file itself`);
  if (!st.isFile()) throw new UsageError(`bad --code "${shown}": not a regular file`);
  // The size is checked before reading, so a huge file is never loaded.
  if (st.size > MAX_CODE_BYTES)
    throw new UsageError(`bad --code "${shown}": ${st.size} bytes, more than the ${MAX_CODE_BYTES / 1024} KiB a program may have`);
  const runtime = lang ?? BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!runtime) throw new UsageError(`bad --code "${shown}": cannot tell its language from the name; add --lang python or --lang node`);
  let code: string;
  try {
    code = new TextDecoder('utf-8', { fatal: true }).decode(readRegularFile(file, st));
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`bad --code "${shown}": ${e.message}`);
    const why = e instanceof TypeError ? 'not UTF-8 text' : 'cannot be read';
    throw new UsageError(`bad --code "${shown}": ${why}`);
  }
  const name = `${path.basename(file)} · ${runtime}`.slice(0, 120);
  // The contract's own checks (empty, NUL, size in UTF-8), worded for the command line.
  const parsed = commandSchemas['run.code'].safeParse({ runtime, code, name });
  if (!parsed.success) throw new UsageError(`bad --code "${shown}": ${parsed.error.issues[0]?.message ?? 'not accepted'}`);
  return { runtime, code, name };
}

/**
 * Reads the file lstat saw: opened without following a symlink and checked again on the open
 * descriptor, so a swap between the check and the read (a symlink or another file put in its
 * place) is refused too.
 */
function readRegularFile(file: string, seen: fs.Stats): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new UsageError('a symbolic link; give the file itself');
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.ino !== seen.ino || st.dev !== seen.dev) throw new UsageError('changed while being read; try again');
    if (st.size > MAX_CODE_BYTES) throw new UsageError(`more than the ${MAX_CODE_BYTES / 1024} KiB a program may have`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
