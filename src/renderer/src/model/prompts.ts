import { parsePromptAction, type PromptAction, type PromptSpec } from '../../../shared/scenario';
import type { SignalName } from '../../../shared/signals';
import type { TimelineItem } from './timeline';

/** The signal an action sends, to recognise it in the timeline whichever button sent it. */
export function signalOfAction(a: PromptAction): SignalName {
  switch (a.kind) {
    case 'stop':
      return 'SIGSTOP';
    case 'continue':
      return 'SIGCONT';
    case 'terminate':
      return 'SIGTERM';
    case 'signal':
      return a.signal;
  }
}

export interface PromptState {
  spec: PromptSpec;
  action: PromptAction;
  /** When its moment came (the matching mark, or the previous prompt followed). */
  since: number;
}

/**
 * Which prompts to show now, from the run's timeline alone (so a re-opened page agrees): a
 * prompt is due once its mark appeared (or the prompt it follows was followed), and followed
 * once its signal was sent to the root after that, from its button or from anywhere else.
 */
export function duePrompts(specs: readonly PromptSpec[], timeline: readonly TimelineItem[], rootPid: number | null): PromptState[] {
  const followedAt = new Map<string, number>();
  const due: PromptState[] = [];
  for (const spec of specs) {
    const action = parsePromptAction(spec.action);
    if (!action) continue;
    const since = spec.afterPrompt !== undefined ? followedAt.get(spec.afterPrompt) : firstMark(timeline, spec.onMark, -Infinity);
    if (since === undefined) continue;
    const signal = signalOfAction(action);
    const sent = timeline.find((e) => e.kind === 'signal-sent' && e.pid === rootPid && e.ts >= since && e.detail.startsWith(`${signal} `));
    if (sent) {
      followedAt.set(spec.id, sent.ts);
      continue;
    }
    if (spec.untilMark !== undefined && firstMark(timeline, spec.untilMark, since) !== undefined) continue;
    due.push({ spec, action, since });
  }
  return due;
}

function firstMark(timeline: readonly TimelineItem[], pattern: string | undefined, after: number): number | undefined {
  if (pattern === undefined) return undefined;
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return undefined;
  }
  return timeline.find((e) => e.kind === 'mark' && e.ts > after && re.test(e.detail))?.ts;
}
