import { execFile } from 'node:child_process';
import type { StackFrame } from '../../../shared/stacks';

/**
 * py-spy and gdb, found at run time (PATH), each bounded in time and output. A missing tool, a
 * refusal (ptrace rules) or a timeout is a reason in words, never a throw.
 */
export const TOOL_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 16 * 1024 * 1024;

export type ToolResult = { ok: true; out: string } | { ok: false; why: string };

export function runTool(cmd: string, args: string[], timeoutMs = TOOL_TIMEOUT_MS): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: MAX_OUTPUT, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, out: stdout });
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT') return resolve({ ok: false, why: `${cmd} is not installed` });
      if (e.killed) return resolve({ ok: false, why: `${cmd} did not finish within ${timeoutMs / 1000} s` });
      const last = (stderr || stdout || e.message).trim().split('\n').filter(Boolean).pop() ?? e.message;
      resolve({ ok: false, why: `${cmd}: ${last.slice(0, 300)}` });
    });
  });
}

export interface PySpyThread {
  tid: number;
  name: string | null;
  ident: number;
  frames: StackFrame[];
}

/** `py-spy dump --json`: a list of threads with os_thread_id and frames (innermost first). */
export function parsePySpy(text: string): PySpyThread[] {
  const data = JSON.parse(text) as unknown;
  if (!Array.isArray(data)) throw new Error('py-spy printed no thread list');
  return data.map((t: Record<string, unknown>) => ({
    tid: Number(t.os_thread_id),
    name: typeof t.thread_name === 'string' ? t.thread_name : null,
    ident: Number(t.thread_id),
    frames: (Array.isArray(t.frames) ? t.frames : []).map((f: Record<string, unknown>) => ({
      function: String(f.name ?? '?'),
      ...(typeof f.filename === 'string' && { file: f.filename }),
      ...(typeof f.line === 'number' && { line: f.line }),
    })),
  }));
}

/**
 * `gdb -batch -ex 'thread apply all bt'`: blocks headed `Thread N (Thread 0x… (LWP tid) "name"):`
 * then `#k  0x… in func (args) at file:line` (or `from lib`) lines.
 */
export function parseGdb(text: string): Map<number, StackFrame[]> {
  const out = new Map<number, StackFrame[]>();
  let cur: StackFrame[] | null = null;
  for (const line of text.split('\n')) {
    const head = /^Thread \d+ \(.*?LWP (\d+)\)/.exec(line);
    if (head) {
      cur = [];
      out.set(Number(head[1]), cur);
      continue;
    }
    const fr = /^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+)(?: \(.*?\))?(?: at (\S+):(\d+)| from (\S+))?\s*$/.exec(line);
    if (fr && cur) {
      const f: StackFrame = { function: fr[1]! };
      if (fr[2]) {
        f.file = fr[2];
        f.line = Number(fr[3]);
      } else if (fr[4]) f.file = fr[4];
      cur.push(f);
    }
  }
  return out;
}
