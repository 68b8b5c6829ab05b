import { z } from 'zod';
import { commandSchemas, isCommandName, type CommandName } from './commands';
import type { ErrorBody } from './errors';
import type { EventMap, EventName } from './results';

export * from './channels';

/** Client → host. `id` pairs the reply with the request on the socket. */
export const requestEnvelopeSchema = z
  .object({ id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), cmd: z.string().max(64), payload: z.unknown().optional() })
  .strict();
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

export type ReplyEnvelope = { id: number | null; ok: true; data: unknown } | { id: number | null; ok: false; error: ErrorBody };
export type EventEnvelope<E extends EventName = EventName> = { event: E; data: EventMap[E] };

export type ParsedCommand = { name: CommandName; payload: unknown };

/**
 * Validates a request envelope and its payload. Never throws: a bad message becomes an
 * error body the host sends back, and nothing reaches the core.
 */
export function parseCommand(
  raw: unknown,
): { ok: true; id: number; cmd: ParsedCommand } | { ok: false; id: number | null; error: ErrorBody } {
  const env = requestEnvelopeSchema.safeParse(raw);
  const rawId =
    typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : null;
  if (!env.success)
    return {
      ok: false,
      id: rawId,
      error: {
        code: 'bad-envelope',
        message: 'a request is {"id": number, "cmd": string, "payload": object}',
        issues: zodIssues(env.error),
      },
    };
  const { id, cmd, payload } = env.data;
  if (!isCommandName(cmd)) return { ok: false, id, error: { code: 'unknown-command', message: `unknown command "${cmd}"` } };
  const parsed = commandSchemas[cmd].safeParse(payload ?? {});
  if (!parsed.success)
    return {
      ok: false,
      id,
      error: {
        code: 'invalid-payload',
        message: `invalid payload for "${cmd}": ${zodIssues(parsed.error)
          .map((i) => `${i.path || '(root)'}: ${i.message}`)
          .join('; ')}`,
        issues: zodIssues(parsed.error),
      },
    };
  return { ok: true, id, cmd: { name: cmd, payload: parsed.data } };
}

export function zodIssues(e: z.ZodError): Array<{ path: string; message: string }> {
  return e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
