import fs from 'node:fs';
import { ProclabError } from '../../../shared/errors';
import type { ProcessStacks, StackSource, ThreadStacks } from '../../../shared/stacks';
import { listTids } from '../procfs/reader';
import { channelOf } from './py-channel';
import { parseGdb, parsePySpy, runTool } from './tools';

/**
 * Stacks of one process, from every source the machine allows (ARCHITECTURE.md "Stacks"):
 * - Node: the preload's answer for ProcLab's own Node runs (node-bootstrap/: each JS thread paused
 *   for an instant through the inspector), each worker joined to its TID, or said why it has no frames;
 * - Python: the bootstrap's answer for ProcLab's own Python runs (no pause, source lines), else
 *   `py-spy dump` where installed, for a process that looks like Python;
 * - kernel: /proc/<pid>/task/<tid>/stack (needs CAP_SYS_ADMIN), else the wchan of the thread;
 * - native: `gdb -batch -ex 'thread apply all bt'` where installed, when asked or when no Python
 *   frames came (it stops the process while it reads it, as py-spy does).
 */
export interface StacksOptions {
  /** Also run gdb for native frames (default: only when no Python frames came). */
  native?: boolean;
}

function readText(path: string): string | null {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readError(path: string): string {
  try {
    fs.readFileSync(path);
    return '';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'error';
  }
}

function looksPython(pid: number, comm: string): boolean {
  if (/^python/.test(comm)) return true;
  try {
    return /python[\d.]*$/.test(fs.readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return false;
  }
}

function looksNode(pid: number, comm: string): boolean {
  if (/^node/.test(comm)) return true;
  try {
    return /\/node(js)?$/.test(fs.readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return false;
  }
}

export async function stacksOf(pid: number, opts: StacksOptions = {}): Promise<ProcessStacks> {
  const comm = readText(`/proc/${pid}/comm`)?.trim();
  if (comm === undefined) throw ProclabError.saying('not-found', { en: `no process ${pid}`, zh: `没有进程 ${pid}` });
  const threads = new Map<number, ThreadStacks>();
  for (const tid of listTids(pid)) {
    const name = readText(`/proc/${pid}/task/${tid}/comm`)?.trim();
    if (name !== undefined) threads.set(tid, { tid, name });
  }
  const extra: Pick<ProcessStacks, 'unjoined'> = {};
  const sources: ProcessStacks['sources'] = {
    python: { ok: false, why: 'not a Python process' },
    node: { ok: false, why: 'not a Node program ProcLab started (its preload answers for its own runs only)' },
    kernel: kernelStacks(pid, threads),
    native: { ok: false, why: 'not asked (gdb runs when asked, or when no Python frames came)' },
  };

  // Python frames.
  const ch = channelOf(pid);
  if (ch?.runtime === 'node' && ch.open && ch.listenerTid !== null) {
    sources.python = { ok: false, why: 'a Node program' };
    try {
      const unjoined: NonNullable<ProcessStacks['unjoined']> = [];
      for (const t of await ch.stacks()) {
        const row = t.tid !== null ? threads.get(t.tid) : undefined;
        const js = t.frames.map((f) => ({ function: f.function, file: f.file, line: f.line, ...(f.source && { source: f.source }) }));
        const why = typeof t.why === 'string' ? t.why.slice(0, 300) : undefined;
        if (!row) {
          unjoined.push({ ident: t.ident, name: t.name ?? `worker ${t.ident}`, js, ...(why && { jsWhy: why }) });
          continue;
        }
        if (t.name) row.name = t.name;
        row.ident = t.ident;
        row.js = js;
        if (why) row.jsWhy = why;
      }
      if (unjoined.length) extra.unjoined = unjoined;
      sources.node = { ok: true, via: 'bootstrap' };
    } catch (e) {
      sources.node = { ok: false, why: `ProcLab's Node preload: ${(e as Error).message}` };
    }
  } else if (ch?.open && ch.listenerTid !== null) {
    try {
      for (const t of await ch.stacks()) {
        const row = t.tid !== null ? threads.get(t.tid) : undefined;
        if (!row) continue;
        if (t.name) row.name = t.name;
        row.ident = t.ident;
        row.python = t.frames.map((f) => ({ function: f.function, file: f.file, line: f.line, ...(f.source && { source: f.source }) }));
      }
      sources.python = { ok: true, via: 'bootstrap' };
    } catch (e) {
      sources.python = { ok: false, why: `ProcLab's bootstrap did not answer: ${(e as Error).message}` };
    }
  } else if (looksPython(pid, comm)) {
    const r = await runTool('py-spy', ['dump', '--pid', String(pid), '--json']);
    if (r.ok) {
      try {
        for (const t of parsePySpy(r.out)) {
          const row = threads.get(t.tid);
          if (!row) continue;
          if (t.name) row.name = t.name;
          row.ident = t.ident;
          row.python = t.frames;
        }
        sources.python = { ok: true, via: 'py-spy' };
      } catch (e) {
        sources.python = { ok: false, why: `py-spy: ${(e as Error).message}` };
      }
    } else sources.python = { ok: false, why: `${r.why} (ProcLab's own Python runs answer without it)` };
  }

  if (!sources.node.ok && !ch && looksNode(pid, comm))
    sources.node = {
      ok: false,
      why: 'a Node program ProcLab did not start here: only the ProcLab host that started a run gets its JS stacks (its preload answers that host alone)',
    };
  if (opts.native || (!sources.python.ok && !sources.node.ok)) sources.native = await nativeStacks(pid, threads);
  let list = [...threads.values()];
  // A Node process has a dozen runtime threads (V8, libuv): its JS threads come first.
  if (sources.node.ok) list = [...list.filter((t) => t.js || t.jsWhy), ...list.filter((t) => !(t.js || t.jsWhy))];
  return { pid, name: comm, at: Date.now(), threads: list, ...extra, sources };
}

function kernelStacks(pid: number, threads: Map<number, ThreadStacks>): StackSource {
  let refused = '';
  let read = 0;
  for (const t of threads.values()) {
    const path = `/proc/${pid}/task/${t.tid}`;
    const text = readText(`${path}/stack`);
    if (text !== null) {
      // "[<0>] futex_wait_queue+0x60/0x90" → "futex_wait_queue+0x60/0x90"
      t.kernel = text
        .split('\n')
        .map((l) => l.replace(/^\[<[0-9a-f]+>\]\s*/, '').trim())
        .filter(Boolean);
      read++;
      continue;
    }
    refused ||= readError(`${path}/stack`);
    const wchan = readText(`${path}/wchan`)?.trim();
    if (wchan && wchan !== '0') t.kernel = [wchan];
  }
  if (read) return { ok: true, via: 'procfs' };
  const why =
    refused === 'EPERM' || refused === 'EACCES'
      ? 'the kernel refused /proc/<pid>/task/<tid>/stack (it needs CAP_SYS_ADMIN): the function each thread sleeps in (wchan) is shown instead'
      : `no kernel stacks here (${refused || 'no /proc/<pid>/task/<tid>/stack'}): the function each thread sleeps in (wchan) is shown instead`;
  return { ok: false, via: 'wchan', why };
}

async function nativeStacks(pid: number, threads: Map<number, ThreadStacks>): Promise<StackSource> {
  const r = await runTool('gdb', ['-batch', '-nx', '-p', String(pid), '-ex', 'set pagination off', '-ex', 'thread apply all bt']);
  if (!r.ok) return { ok: false, why: r.why };
  const byTid = parseGdb(r.out);
  if (!byTid.size) {
    const last = r.out.trim().split('\n').pop() ?? '';
    return {
      ok: false,
      why: `gdb could not attach (ptrace rules: kernel.yama.ptrace_scope, or not the owner)${last ? `: ${last.slice(0, 200)}` : ''}`,
    };
  }
  for (const [tid, frames] of byTid) {
    const row = threads.get(tid);
    if (row) row.native = frames;
  }
  return { ok: true, via: 'gdb' };
}
