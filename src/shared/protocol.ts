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
  const parsed = parsePayload(cmd, payload);
  if (!parsed.ok) return { ok: false, id, error: parsed.error };
  return { ok: true, id, cmd: { name: cmd, payload: parsed.data } };
}

/**
 * One command's payload against its schema, for every way in (socket, IPC, the CLI's in-process
 * calls). Never throws; a reserved key anywhere is refused by name before the schema runs.
 */
export function parsePayload(cmd: CommandName, payload: unknown): { ok: true; data: unknown } | { ok: false; error: ErrorBody } {
  const reserved = reservedKeyPath(payload);
  if (reserved !== null) {
    const issue = { path: reserved, message: `"${reserved.split('.').pop()}" is a reserved name, not a key a command can carry` };
    return {
      ok: false,
      error: { code: 'invalid-payload', message: `invalid payload for "${cmd}": ${issue.path}: ${issue.message}`, issues: [issue] },
    };
  }
  const parsed = commandSchemas[cmd].safeParse(payload ?? {});
  if (!parsed.success)
    return {
      ok: false,
      error: {
        code: 'invalid-payload',
        message: `invalid payload for "${cmd}": ${zodIssues(parsed.error)
          .map((i) => `${i.path || '(root)'}: ${i.message}`)
          .join('; ')}`,
        issues: zodIssues(parsed.error),
      },
    };
  return { ok: true, data: parsed.data };
}

/**
 * Keys that reach or replace Object.prototype when code indexes by them. JSON.parse keeps
 * `"__proto__"` as an ordinary own key, and zod's records drop it without a word, so a request
 * carrying one (e.g. as a run parameter) would run with that parameter silently missing.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** The dotted path of the first reserved own key inside `v`, or null. Payloads are small; depth is capped anyway. */
export function reservedKeyPath(v: unknown, path = '', depth = 0): string | null {
  if (typeof v !== 'object' || v === null || depth > 32) return null;
  for (const k of Object.keys(v)) {
    const at = path ? `${path}.${k}` : k;
    if (RESERVED_KEYS.includes(k)) return at;
    const inner = reservedKeyPath((v as Record<string, unknown>)[k], at, depth + 1);
    if (inner !== null) return inner;
  }
  return null;
}

export function zodIssues(e: z.ZodError): Array<{ path: string; message: string }> {
  return e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
