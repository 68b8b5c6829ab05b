import type { MsgKey } from '../i18n/messages';

export type ShortcutCommand =
  'search' | 'freeze' | 'kill' | 'kill-tree' | 'terminate' | 'stop' | 'continue' | 'help' | 'escape' | 'up' | 'down' | 'expand';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The event target is a text field, select or editable element. */
  editable?: boolean;
}

const MAP: Record<string, ShortcutCommand> = {
  '/': 'search',
  ' ': 'freeze',
  k: 'kill',
  K: 'kill-tree',
  t: 'terminate',
  s: 'stop',
  c: 'continue',
  '?': 'help',
  Escape: 'escape',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Enter: 'expand',
};

/** The command for a key press, or null. Typing in a field only ever yields Escape. */
export function commandForKey(e: KeyLike): ShortcutCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.editable) return e.key === 'Escape' ? 'escape' : null;
  return MAP[e.key] ?? null;
}

/** The help overlay's list. */
export const SHORTCUT_HELP: ReadonlyArray<{ keys: string[]; label: MsgKey }> = [
  { keys: ['/'], label: 'key.search' },
  { keys: ['Space'], label: 'key.freeze' },
  { keys: ['↑', '↓'], label: 'key.move' },
  { keys: ['Enter'], label: 'key.expand' },
  { keys: ['t'], label: 'key.terminate' },
  { keys: ['k'], label: 'key.kill' },
  { keys: ['K'], label: 'key.killTree' },
  { keys: ['s'], label: 'key.stop' },
  { keys: ['c'], label: 'key.continue' },
  { keys: ['?'], label: 'key.help' },
  { keys: ['Esc'], label: 'key.escape' },
];

/** A key event's target takes text (duck-typed so this module stays free of DOM types). */
export function isEditableTarget(target: unknown): boolean {
  const el = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(String(el.type));
  return el.isContentEditable === true;
}

/** The shortcut a DOM key event stands for (what every keyboard listener in the app asks). */
export function commandForEvent(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: unknown;
}): ShortcutCommand | null {
  return commandForKey({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, editable: isEditableTarget(e.target) });
}
