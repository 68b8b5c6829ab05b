import WebSocket from 'ws';

/** A browser-mode client that records when each tick arrives, and can send anything. */
export interface TickClient {
  ws: WebSocket;
  ticks: number[];
  call(cmd: string, payload?: unknown): Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>;
  close(): void;
}

export async function tickClient(url: URL): Promise<TickClient> {
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { headers: { origin: url.origin } });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const ticks: number[] = [];
  const pending = new Map<number, (m: never) => void>();
  let id = 0;
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as { event?: string; id?: unknown };
    if (m.event === 'tick') ticks.push(Date.now());
    else if (typeof m.id === 'number') pending.get(m.id)?.(m as never);
  });
  return {
    ws,
    ticks,
    call: (cmd, payload = {}) =>
      new Promise((resolve) => {
        const n = ++id;
        pending.set(n, resolve as never);
        ws.send(JSON.stringify({ id: n, cmd, payload }));
      }),
    close: () => ws.terminate(),
  };
}

/** The longest gap between ticks that arrived from `since` on (the wait for the first one included). */
export function longestGap(ticks: number[], since: number, until = Date.now()): number {
  const seen = [since, ...ticks.filter((t) => t >= since), until];
  let gap = 0;
  for (let i = 1; i < seen.length; i++) gap = Math.max(gap, seen[i]! - seen[i - 1]!);
  return gap;
}
