import type { SignalAction } from '../../../shared/commands';
import { describeError } from '../../../shared/api';
import type { SignalResult } from '../../../shared/results';
import type { ExitInfo, Lang, ProcRow } from '../../../shared/model';
import type { MsgKey } from '../i18n/messages';
import { pick, type TFn } from '../i18n/translate';

export interface ActionDef {
  action: SignalAction;
  label: MsgKey;
  does: MsgKey;
  /** Keyboard key (see keyboard/shortcuts.ts). */
  key: string;
  danger: boolean;
}

export const ACTIONS: readonly ActionDef[] = [
  { action: 'stop', label: 'action.stop', does: 'action.does.stop', key: 's', danger: false },
  { action: 'continue', label: 'action.continue', does: 'action.does.continue', key: 'c', danger: false },
  { action: 'terminate', label: 'action.terminate', does: 'action.does.terminate', key: 't', danger: true },
  { action: 'kill', label: 'action.kill', does: 'action.does.kill', key: 'k', danger: true },
  { action: 'kill-tree', label: 'action.kill-tree', does: 'action.does.kill-tree', key: 'K', danger: true },
];

/** 'signal' is not a menu entry of its own: the menu's signal picker sends it with a name. */
const SIGNAL_DEF: ActionDef = { action: 'signal', label: 'signal.menu', does: 'signal.menu', key: '', danger: false };

export function actionDef(a: SignalAction): ActionDef {
  return ACTIONS.find((d) => d.action === a) ?? SIGNAL_DEF;
}

/**
 * Why the row can never be signalled, or null: init (PID 1) and kernel threads get no buttons,
 * menu items or keys at all; the engine refuses them too, this only spares the round trip.
 */
export function protectedReason(row: Pick<ProcRow, 'pid' | 'kernelThread'>): { label: MsgKey; why: MsgKey } | null {
  if (row.pid <= 1) return { label: 'action.protected.init', why: 'action.protected.initWhy' };
  if (row.kernelThread) return { label: 'action.protected.kernel', why: 'action.protected.kernelWhy' };
  return null;
}

/** What makes sense for the row now: nothing for an ended or protected process, continue only when stopped. */
export function isActionEnabled(row: Pick<ProcRow, 'pid' | 'kernelThread' | 'state' | 'exited'>, action: SignalAction): boolean {
  if (protectedReason(row)) return false;
  if (row.exited || row.state === 'zombie' || row.state === 'dead') return action === 'kill-tree' && row.state === 'zombie' && !row.exited;
  if (action === 'stop') return row.state !== 'stopped';
  if (action === 'continue') return row.state === 'stopped';
  return true;
}

/** A process outside the app's runs: the user must confirm, and the request carries confirm:true. */
export function needsConfirmation(row: Pick<ProcRow, 'runId'>): boolean {
  return row.runId === null;
}

/** "killed by SIGKILL" / "exited with code 0", for the row of an ended process. */
export function outcomeText(exit: ExitInfo, t: TFn): string {
  if (exit.signal) return t('outcome.killed', { signal: exit.signal });
  if (exit.code !== null) return t('outcome.exited', { code: exit.code });
  return t('outcome.gone');
}

export function outcomeBy(exit: ExitInfo, t: TFn): string | null {
  switch (exit.by) {
    case 'user':
      return t('outcome.by.user');
    case 'engine':
      return t('outcome.by.engine');
    case 'limit':
      return t('outcome.by.limit');
    default:
      return null;
  }
}

/**
 * The code and message of a rejected call, in the UI language when the core said it in both.
 * Works on an ApiError (browser mode) and on the plain Error Electron's contextBridge hands over.
 */
export function errorInfo(e: unknown, lang: Lang): { code: string; message: string; issues: Array<{ path: string; message: string }> } {
  const d = describeError(e);
  return { code: d.code ?? 'internal', message: d.text ? pick(lang, d.text) : d.message, issues: d.issues ?? [] };
}

/**
 * What the confirm dialog must add for this process: a stopped process does not act on SIGTERM
 * until it is continued (the kernel queues the signal), so TERM "says nothing" unless told.
 */
export function actionNotes(action: SignalAction, row: Pick<ProcRow, 'state'>): MsgKey[] {
  if (row.state === 'stopped' && (action === 'terminate' || action === 'kill-tree')) return ['action.note.stopped'];
  return [];
}

/**
 * The notice after an action: the engine's words in the UI language, or, from a host that sent
 * only English (`message`), the same facts in the catalogue's words.
 */
export function doneMessage(res: SignalResult, signal: string | undefined, lang: Lang, t: TFn): string {
  if (res.text) return pick(lang, res.text);
  if (res.action === 'signal' && signal) return t('notice.signalSent', { signal, pid: res.pid });
  return t('notice.actionSent', { action: t(actionDef(res.action as SignalAction).label), pid: res.pid, n: res.signalled });
}
