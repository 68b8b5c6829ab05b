import type { TFn } from '../i18n/translate';
import type { MsgKey } from '../i18n/messages';

const TCP_STATES = new Set([
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
]);

/** The kernel's TCP state name in the UI's language ("ESTABLISHED" → "established" / "已建立"). */
export function tcpStateWord(state: string, t: TFn): string {
  return t(`tcp.${TCP_STATES.has(state) ? state : 'UNKNOWN'}` as MsgKey);
}

const FD_KINDS = new Set(['socket', 'pipe', 'file', 'tty', 'anon', 'other']);

/** A descriptor kind in the UI's language, from the words the wait reasons already use. */
export function fdKindWord(kind: string, t: TFn): string {
  return t(`wait.fd.${FD_KINDS.has(kind) ? kind : 'other'}` as MsgKey);
}
