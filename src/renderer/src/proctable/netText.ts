import type { TFn } from '../i18n/translate';
import type { MsgKey } from '../i18n/messages';
import { TCP_STATE_NAMES } from '../../../shared/tcp-states';

const TCP_STATES = new Set(TCP_STATE_NAMES.filter(Boolean));

/** The kernel's TCP state name in the UI's language ("ESTABLISHED" → "established" / "已建立"). */
export function tcpStateWord(state: string, t: TFn): string {
  return t(`tcp.${TCP_STATES.has(state) ? state : 'UNKNOWN'}` as MsgKey);
}

const FD_KINDS = new Set(['socket', 'pipe', 'file', 'tty', 'anon', 'other']);

/** A descriptor kind in the UI's language, from the words the wait reasons already use. */
export function fdKindWord(kind: string, t: TFn): string {
  return t(`wait.fd.${FD_KINDS.has(kind) ? kind : 'other'}` as MsgKey);
}
