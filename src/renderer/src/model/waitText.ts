import type { WaitReason } from '../../../shared/model';
import type { TFn } from '../i18n/translate';
import type { LaneKind } from './lanes';

/** "lock wait · futex 0x55d5…", "I/O wait · socket", "sleep": what a thread row and a lane say. */
export function waitLabel(kind: LaneKind, w: WaitReason | undefined, t: TFn): string {
  const parts = [t(`wait.${kind}`)];
  if (w?.kind === 'io' && w.fd) parts.push(t(`wait.fd.${w.fd}`));
  if (w?.kind === 'lock') {
    if (w.word) parts.push(w.word);
    if (w.timed) parts.push(t('wait.timed'));
  }
  return parts.join(' · ');
}

/** The hover text: the label, the call it is blocked in, and where the reason was read. */
export function waitTitle(kind: LaneKind, w: WaitReason | undefined, t: TFn): string {
  const lines = [waitLabel(kind, w, t)];
  if (w?.call) lines.push(w.call);
  if (w) lines.push(t(`wait.source.${w.source}`));
  return lines.join('\n');
}
