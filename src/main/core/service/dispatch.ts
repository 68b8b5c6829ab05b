import { ProclabError } from '../../../shared/errors';
import { parseCommand, type ReplyEnvelope } from '../../../shared/protocol';
import type { Proclab } from './proclab';

/**
 * The host boundary: any raw message (from IPC or a socket) is parsed against the shared
 * contract before a handler runs, and every outcome becomes a reply, never a throw.
 */
export async function dispatch(p: Proclab, raw: unknown, log: (msg: string) => void = () => {}, viewId?: number): Promise<ReplyEnvelope> {
  const parsed = parseCommand(raw);
  if (!parsed.ok) return { id: parsed.id, ok: false, error: parsed.error };
  const { id, cmd } = parsed;
  try {
    const data = await p.handle(cmd.name, cmd.payload as never, viewId);
    return { id, ok: true, data };
  } catch (e) {
    if (e instanceof ProclabError)
      return {
        id,
        ok: false,
        error: { code: e.code, message: e.message, ...(e.issues && { issues: e.issues }), ...(e.text && { text: e.text }) },
      };
    log(`internal error in ${cmd.name}: ${(e as Error).stack ?? String(e)}`);
    return { id, ok: false, error: { code: 'internal', message: `${cmd.name} failed: ${(e as Error).message}` } };
  }
}
