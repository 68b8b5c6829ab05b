/**
 * "Stacks of PID" (the `process.stacks` command, `proclab stacks`, the Stacks panel): each thread's
 * Python frames (the bootstrap of a ProcLab run, else py-spy), JS frames (the Node preload of a ProcLab run), kernel stack (/proc/<pid>/task/<tid>/stack,
 * else its wchan) and native frames (gdb), each source optional and said when absent.
 */
export interface StackFrame {
  function: string;
  file?: string;
  line?: number;
  /** The source line (Python frames from the bootstrap). */
  source?: string;
}

export interface ThreadStacks {
  tid: number;
  /** The native name (comm), or the Python name where the program gave one. */
  name: string;
  /** Python `threading` ident (bootstrap / py-spy); for Node, the worker's threadId (0: the main thread). */
  ident?: number;
  /** Innermost frame first, in every list. */
  python?: StackFrame[];
  /** JS frames of a Node run's thread (ProcLab's Node preload, through the inspector). */
  js?: StackFrame[];
  /** Why a JS thread has no frames (it ran no JS when asked: blocked in native code, or idle). */
  jsWhy?: string;
  kernel?: string[];
  native?: StackFrame[];
}

export type StackSourceName = 'python' | 'node' | 'kernel' | 'native';

/** How each source fared: `via` names the tool used, `why` says why there is none. */
export interface StackSource {
  ok: boolean;
  via?: 'bootstrap' | 'py-spy' | 'procfs' | 'wchan' | 'gdb';
  why?: string;
}

export interface ProcessStacks {
  pid: number;
  name: string;
  /** Epoch ms when the stacks were taken. */
  at: number;
  threads: ThreadStacks[];
  /** JS threads whose native TID the Node preload could not learn (said, not guessed): not joined to a row. */
  unjoined?: Array<{ ident: number; name: string; js: StackFrame[]; jsWhy?: string }>;
  sources: Record<StackSourceName, StackSource>;
}

/** A frame as one line: `function (file:line)`. */
export function frameText(f: StackFrame): string {
  return f.file ? `${f.function} (${f.file}${f.line !== undefined ? `:${f.line}` : ''})` : f.function;
}
