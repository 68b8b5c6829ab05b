import { MAX_CODE_BYTES } from '../../../shared/commands';
import type { Runtime } from '../../../shared/model';

/** What the scratchpad holds: survives tab switches (the view unmounts) and is what "Open in scratchpad" fills. */
export interface Draft {
  runtime: Runtime;
  code: string;
  /** Where the code came from (an example's or a run's name), shown above the editor. */
  origin: string | null;
  /** Bumped by every open from outside, so the view takes the new text even when it is the same. */
  opened: number;
  /** A line to bring into view and highlight (a clicked stack frame or lock site), until the editor took it. */
  reveal?: { line: number; seq: number };
}

export const STARTER: Record<Runtime, string> = {
  python: `import threading, time

def work(n):
    total = 0
    for i in range(2_000_000):
        total += i
    print("thread", n, "done", total)

threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
`,
  node: `const { Worker, isMainThread } = require('node:worker_threads');

if (isMainThread) {
  for (let i = 0; i < 4; i++) new Worker(__filename).on('exit', () => console.log('worker', i, 'done'));
} else {
  let total = 0;
  for (let i = 0; i < 2e8; i++) total += i;
}
`,
};

let draft: Draft = { runtime: 'python', code: STARTER.python, origin: null, opened: 0 };
const listeners = new Set<() => void>();

export function getDraft(): Draft {
  return draft;
}

export function subscribeDraft(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** The user's own edits: no re-open, no listeners (the editor already shows them). */
export function editDraft(patch: Partial<Pick<Draft, 'code' | 'runtime'>>): void {
  // Edited, it is the user's program: its run is not named after the example or run it came from.
  const edited = patch.code !== undefined && patch.code !== draft.code;
  draft = { ...draft, ...patch, ...(edited && { origin: null }) };
}

/** "Open in scratchpad": replaces the draft and brings the playground's scratchpad up. */
export function openInScratchpad(runtime: Runtime, code: string, origin: string | null): void {
  draft = { runtime, code, origin, opened: draft.opened + 1 };
  for (const l of listeners) l();
  if (typeof window !== 'undefined' && window.location.hash !== '#playground') window.location.hash = '#playground';
}

let revealSeq = 0;

/**
 * A click on a frame or lock site of a scratchpad run: the editor shows that run's code (opened
 * again when it holds another text) and moves to the line. `seq` tells one click from the next.
 */
export function revealInScratchpad(runtime: Runtime, code: string, origin: string | null, line: number): void {
  const reveal = { line, seq: ++revealSeq };
  const same = draft.code === code && draft.runtime === runtime;
  // `opened` is bumped either way: it is what brings the scratchpad up in the playground.
  draft = { ...(same ? draft : { runtime, code, origin }), opened: draft.opened + 1, reveal };
  for (const l of listeners) l();
  if (typeof window !== 'undefined' && window.location.hash !== '#playground') window.location.hash = '#playground';
}

export type CodeProblem = { key: 'scratch.empty' } | { key: 'scratch.tooLarge'; kib: number };

/** The contract's own bounds, checked before sending so the user reads why at once (the host checks again). */
export function checkCode(code: string): CodeProblem | null {
  if (code.trim().length === 0) return { key: 'scratch.empty' };
  if (new TextEncoder().encode(code).length > MAX_CODE_BYTES) return { key: 'scratch.tooLarge', kib: MAX_CODE_BYTES / 1024 };
  return null;
}
