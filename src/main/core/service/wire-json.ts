/**
 * Replies whose data is a shared, never-mutated object (the scenario catalogue) are serialized
 * once, not once per request: a client asking for it thousands of times would otherwise cost
 * the host a large JSON.stringify (and a UTF-8 encoding of it) each time, on the thread every
 * other client's ticks need.
 */
const shared = new WeakMap<object, Buffer | null>();

/** Declares `data` immutable from now on; its JSON is computed once, on first use. */
export function shareJson<T extends object>(data: T): T {
  if (!shared.has(data)) shared.set(data, null);
  return data;
}

/** A message as UTF-8 JSON, reusing the bytes of a reply's shared data. */
export function wireJson(msg: unknown): string | Buffer {
  if (typeof msg === 'object' && msg !== null && 'data' in msg && 'ok' in msg) {
    const data = (msg as { data: unknown }).data;
    if (typeof data === 'object' && data !== null && shared.has(data)) {
      let bytes = shared.get(data);
      if (!bytes) shared.set(data, (bytes = Buffer.from(JSON.stringify(data))));
      const rest = JSON.stringify({ ...msg, data: 0 });
      // `{…,"data":0}` → the same object with the shared bytes in data's place (data is last).
      if (rest.endsWith(',"data":0}')) return Buffer.concat([Buffer.from(rest.slice(0, -2)), bytes, Buffer.from('}')]);
    }
  }
  return JSON.stringify(msg);
}
