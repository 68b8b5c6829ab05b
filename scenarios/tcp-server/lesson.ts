import { z } from 'zod';
import type { Claim, LessonBand, RunData, RunSample, Verdict, WaitKind } from '../../src/shared/model';
import {
  type BandInput,
  claim,
  claimBound,
  concatText,
  defineLesson,
  finishedClaim,
  fmt,
  machineCores,
  othersCores,
  outputsOf,
  paramNum,
  paramStr,
  samplesEn,
  spinningRows,
  starvedText,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

type R = Partial<z.infer<typeof result>>;
type Proc = RunSample['procs'][number];

/** What waiting costs, in cores: a busy loop burns most of one; a model that waits in the kernel almost none. */
export const BUSY_IDLE_MIN_CORES = 0.7;
export const WAITING_IDLE_MAX_CORES = 0.2;

/** The claim's band for the cores chart: with no client connected. */
export function tcpServerBand({ runtime, params }: BandInput): LessonBand {
  const model = typeof params.model === 'string' ? params.model : runtime === 'node' ? 'async' : 'thread';
  return model === 'busy'
    ? {
        from: BUSY_IDLE_MIN_CORES,
        to: 1,
        label: {
          en: `≥ ${fmt(BUSY_IDLE_MIN_CORES)} cores with no client connected`,
          zh: `没有客户端连接时 ≥ ${fmt(BUSY_IDLE_MIN_CORES)} 个核`,
        },
      }
    : {
        from: 0,
        to: WAITING_IDLE_MAX_CORES,
        label: {
          en: `≤ ${fmt(WAITING_IDLE_MAX_CORES)} cores with no client connected`,
          zh: `没有客户端连接时 ≤ ${fmt(WAITING_IDLE_MAX_CORES)} 个核`,
        },
      };
}

/** A sample's CPU covers the interval before it: one taken this soon after a mark still holds the time before it. */
const SETTLE_MS = 300;

const live = (p: Proc): boolean => p.state !== 'zombie' && p.state !== 'dead';
const markAt = (run: RunData, re: RegExp): number | undefined => outputsOf(run, 'mark').find((o) => re.test(o.text ?? ''))?.ts;

/**
 * tcp-server: what the engine counted while the clients were connected (server processes, the
 * server's threads) and what the server cost while nobody was connected (the idle window), next
 * to the client's own throughput and latency. The load client is a process of the run too; its
 * pid (from its result line) is left out of every server figure.
 */
export function tcpServerVerdict(run: RunData, r: R): Verdict {
  const node = run.info.runtime === 'node';
  const model = paramStr(run, 'model', node ? 'async' : 'thread');
  const clients = paramNum(run, 'clients', 1);
  const pool = paramNum(run, 'pool', 4);
  const root = run.info.rootPid ?? r.server_pid ?? -1;
  const clientPid = r.client_pid ?? -1;
  const server = (s: RunSample): Proc[] => s.procs.filter((p) => live(p) && p.pid !== clientPid);
  const cpuOf = (s: RunSample): number => server(s).reduce((a, p) => a + (Number.isFinite(p.cpu) ? p.cpu : 0), 0) / 100;
  const avg = (v: number[]): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

  const listening = markAt(run, /^listening on/);
  const loadStart = markAt(run, /^load starts/);
  const open = markAt(run, /^load: all \d+ connections open/);
  const done = markAt(run, /^load: done/) ?? run.info.endedAt ?? Infinity;
  const idle =
    listening !== undefined && loadStart !== undefined ? run.samples.filter((s) => s.ts >= listening + SETTLE_MS && s.ts <= loadStart) : [];
  const loaded = open !== undefined ? run.samples.filter((s) => s.ts >= open && s.ts <= done) : [];

  const idleCores = avg(idle.map(cpuOf));
  const loadCores = avg(loaded.map(cpuOf));
  const rootThreads = (s: RunSample): number => s.procs.find((p) => p.pid === root && live(p))?.threads ?? 0;
  const idleThreads = idle.length ? Math.min(...idle.map(rootThreads)) : NaN;
  const peakThreads = loaded.length ? Math.max(...loaded.map(rootThreads)) : NaN;
  const added = peakThreads - idleThreads;
  const peakProcs = loaded.length ? Math.max(...loaded.map((s) => server(s).filter((p) => p.pid !== root).length)) : NaN;
  const workerThreads = loaded.length
    ? Math.max(
        0,
        ...loaded.flatMap((s) =>
          server(s)
            .filter((p) => p.pid !== root)
            .map((p) => p.threads),
        ),
      )
    : NaN;

  const who = `${node ? 'Node' : 'Python'} ${model}`;
  const echoed = r.messages_echoed ?? 0;
  const expected = r.messages_expected ?? clients * paramNum(run, 'messages', 1);
  const claims: Claim[] = [
    finishedClaim(run),
    claim('Every message came back unchanged', '每条消息都原样返回', echoed === expected && (r.errors ?? 1) === 0, {
      en: `${echoed} of ${expected} messages echoed, ${r.errors ?? '?'} connection errors; ${fmt(r.throughput_msg_s ?? NaN, 1)} msg/s, p50 ${fmt(r.p50_ms ?? NaN)} ms, p99 ${fmt(r.p99_ms ?? NaN)} ms`,
      zh: `${expected} 条消息中返回了 ${echoed} 条，连接错误 ${r.errors ?? '?'} 个；${fmt(r.throughput_msg_s ?? NaN, 1)} 条/秒，p50 ${fmt(r.p50_ms ?? NaN)} 毫秒，p99 ${fmt(r.p99_ms ?? NaN)} 毫秒`,
    }),
  ];

  if (!loaded.length) {
    claims.push(
      claim('The engine sampled the server while the clients were connected', '客户端连接期间引擎采到了服务器的样本', false, {
        en: open === undefined ? 'the client never said its connections were open' : 'no sample while the connections were open',
        zh: open === undefined ? '客户端没有报告连接已全部打开' : '连接打开期间没有样本',
      }),
    );
  } else if (model === 'process') {
    claims.push(
      claim(
        `${who}: one server process per client at peak (counted by the engine)`,
        `${who}：峰值时每个客户端一个服务器进程（由引擎统计）`,
        peakProcs >= clients,
        concatText(
          {
            en: `${peakProcs} server processes besides the listener for ${clients} clients`,
            zh: `${clients} 个客户端，监听进程之外有 ${peakProcs} 个服务器进程`,
          },
          claimBound(`≥ ${clients}`),
        ),
      ),
    );
  } else if (model === 'hybrid' && node) {
    claims.push(...nodeHybridClaims(who, loaded, idle, server, root, clients, pool));
  } else if (model === 'hybrid') {
    claims.push(
      claim(
        `${who}: worker processes, each with several threads running event loops`,
        `${who}：多个工作进程，每个进程里有多个运行事件循环的线程`,
        peakProcs >= 2 && workerThreads >= 3,
        concatText(
          {
            en: `${peakProcs} worker processes, up to ${workerThreads} threads in one`,
            zh: `${peakProcs} 个工作进程，单个进程最多 ${workerThreads} 个线程`,
          },
          claimBound('≥ 2, ≥ 3'),
        ),
      ),
    );
  } else {
    const threadsText = {
      en: `the server's threads: ${idleThreads} idle, ${peakThreads} at peak with ${clients} clients (${samplesEn(loaded.length)})`,
      zh: `服务器线程数：空闲时 ${idleThreads} 个，${clients} 个客户端时峰值 ${peakThreads} 个（${loaded.length} 个样本）`,
    };
    if (!idle.length) {
      claims.push(
        undecidedClaim(`${who}: the server's thread count`, `${who}：服务器的线程数`, threadsText, {
          en: 'no sample fell in the idle window to compare with: make idle_ms longer',
          zh: '空闲时间内没有样本可比较：请把 idle_ms 调长',
        }),
      );
    } else if (model === 'thread') {
      claims.push(
        claim(
          `${who}: one thread per client`,
          `${who}：每个客户端一个线程`,
          added >= clients,
          concatText(threadsText, claimBound(`+${clients}`)),
        ),
      );
    } else if (model === 'pool') {
      claims.push(
        claim(
          `${who}: the pool's threads serve every client, never more threads than the pool`,
          `${who}：线程池的线程服务所有客户端，线程数从不超过池的大小`,
          added >= 1 && added <= pool,
          concatText(threadsText, claimBound(`+1 … +${pool}`)),
        ),
      );
    } else {
      claims.push(
        claim(
          `${who}: one thread serves every client (the count does not grow with them)`,
          `${who}：一个线程服务所有客户端（线程数不随客户端增加）`,
          added <= 1 && (clients < 2 || added < clients),
          concatText(threadsText, claimBound('+0 … +1')),
        ),
      );
    }
  }

  // The idle window: what waiting for a client costs.
  const cores = machineCores(run);
  const others = idle.length ? othersCores(idle) : 0;
  const idleText = {
    en: `the server used ${fmt(idleCores)} cores with no client connected (${samplesEn(idle.length)})`,
    zh: `没有客户端连接时服务器使用了 ${fmt(idleCores)} 个核（${idle.length} 个样本）`,
  };
  if (!idle.length) {
    claims.push(
      undecidedClaim('What waiting costs (idle window)', '等待的代价（空闲时间）', idleText, {
        en: 'no sample fell in the idle window: make idle_ms longer',
        zh: '空闲时间内没有样本：请把 idle_ms 调长',
      }),
    );
  } else if (model === 'busy') {
    const free = cores - others;
    const text = `${who}: the busy loop burns about a full core while no client is connected`;
    const textZh = `${who}：没有客户端连接时，忙循环也烧掉约一整个核`;
    const shown = concatText(idleText, claimBound(`≥ ${fmt(BUSY_IDLE_MIN_CORES)}`));
    const spin = spinningRows(idle, root);
    if (idleCores < BUSY_IDLE_MIN_CORES && (free < 1.2 || spin.always))
      claims.push(
        undecidedClaim(
          text,
          textZh,
          shown,
          free < 1.2
            ? {
                en: `only ${fmt(free)} cores were free (other programs used ${fmt(others)} of ${cores}): a spinning loop cannot get a whole core`,
                zh: `只有 ${fmt(free)} 个核空闲（其他程序占用了 ${cores} 个核中的 ${fmt(others)} 个）：空转的循环得不到一整个核`,
              }
            : starvedText(spin.n, idleCores),
        ),
      );
    else claims.push(claim(text, textZh, idleCores >= BUSY_IDLE_MIN_CORES, shown));
  } else {
    claims.push(
      claim(
        `${who}: a server that waits for its clients costs almost nothing while none is connected`,
        `${who}：会等待客户端的服务器在没有连接时几乎不花 CPU`,
        idleCores <= WAITING_IDLE_MAX_CORES,
        concatText(idleText, claimBound(`≤ ${fmt(WAITING_IDLE_MAX_CORES)}`)),
      ),
    );
  }

  // The lanes in the idle window: an event loop sleeps in poll, the busy loop is always running.
  const laneKinds: WaitKind[] | null =
    model === 'busy' ? ['running', 'runnable'] : model === 'async' || model === 'select' ? ['poll'] : null;
  let laneShare = NaN;
  if (laneKinds && idle.length) {
    const rows = idle.flatMap((s) => (s.threads ?? []).filter((t) => t.pid === root && t.tid === root && t.wait));
    const hits = rows.filter((t) => laneKinds.includes(t.wait!.kind)).length;
    laneShare = rows.length ? hits / rows.length : NaN;
    const seen = [...new Set(rows.map((t) => t.wait!.kind))].join(', ') || '-';
    const what =
      model === 'busy'
        ? { en: 'running: it never waits', zh: '运行中：它从不等待' }
        : { en: 'poll: asleep in epoll_wait', zh: 'poll：在 epoll_wait 中睡眠' };
    const text = `${who}: with no client, the server's thread shows ${what.en}`;
    const textZh = `${who}：没有客户端时，服务器线程显示 ${what.zh}`;
    const shown = concatText(
      {
        en: `${hits} of ${rows.length} samples of the main thread showed ${laneKinds.join(' or ')} (seen: ${seen})`,
        zh: `主线程的 ${rows.length} 个样本中有 ${hits} 个显示 ${laneKinds.join(' 或 ')}（出现过：${seen}）`,
      },
      claimBound('≥ 50 %'),
    );
    if (!rows.length)
      claims.push(
        undecidedClaim(text, textZh, shown, {
          en: 'no wait reasons were recorded for the server in the idle window (they need Linux)',
          zh: '空闲时间内没有记录到服务器的等待原因（需要 Linux）',
        }),
      );
    else claims.push(claim(text, textZh, laneShare >= 0.5, shown));
  }

  return verdict(claims, {
    laneShare,
    clients,
    messagesEchoed: echoed,
    throughputMsgS: r.throughput_msg_s ?? NaN,
    throughputMbS: r.throughput_mb_s ?? NaN,
    p50Ms: r.p50_ms ?? NaN,
    p99Ms: r.p99_ms ?? NaN,
    idleCores,
    loadCores,
    peakServerProcs: peakProcs,
    idleThreads,
    peakThreads,
    idleSamples: idle.length,
    loadSamples: loaded.length,
  });
}

/**
 * Node's processes × threads × coroutines, from the engine's counts: worker processes besides the
 * acceptor, each with the acceptor's threads (one event loop's baseline) plus its pool of worker
 * threads, and the connections held by those worker processes (their ESTABLISHED sockets).
 */
function nodeHybridClaims(
  who: string,
  loaded: RunSample[],
  idle: RunSample[],
  server: (s: RunSample) => Proc[],
  root: number,
  clients: number,
  pool: number,
): Claim[] {
  const workersOf = (s: RunSample): Proc[] => server(s).filter((p) => p.pid !== root);
  const peakProcs = Math.max(0, ...loaded.map((s) => workersOf(s).length));
  const workerThreads = Math.max(0, ...loaded.flatMap((s) => workersOf(s).map((p) => p.threads)));
  const rootThreads = (s: RunSample): number => s.procs.find((p) => p.pid === root && live(p))?.threads ?? 0;
  const baseline = idle.length ? Math.min(...idle.map(rootThreads)) : NaN;
  const threadsText = {
    en: `${peakProcs} worker processes, up to ${workerThreads} threads in one; the acceptor (one event loop, no worker thread) has ${baseline}, the pool adds ${pool}`,
    zh: `${peakProcs} 个工作进程，单个进程最多 ${workerThreads} 个线程；接受连接的进程（一个事件循环，没有 worker 线程）有 ${baseline} 个，线程池再加 ${pool} 个`,
  };
  const threadsEn = `${who}: worker processes (≥ 2), each with its event loop's threads plus ${pool} worker threads`;
  const threadsZh = `${who}：多个工作进程（≥ 2），每个进程在事件循环的线程之外还有 ${pool} 个 worker 线程`;
  const out: Claim[] = [];
  const bound = claimBound(`≥ 2, ≥ ${Number.isFinite(baseline) ? baseline + pool : '?'}`);
  if (!idle.length)
    out.push(
      undecidedClaim(threadsEn, threadsZh, concatText(threadsText, bound), {
        en: 'no sample of the acceptor fell in the idle window (its thread count is the baseline): make idle_ms longer',
        zh: '空闲时间内没有接受连接进程的样本（它的线程数是基准）：请把 idle_ms 调长',
      }),
    );
  else out.push(claim(threadsEn, threadsZh, peakProcs >= 2 && workerThreads >= baseline + pool, concatText(threadsText, bound)));

  // Which worker processes held the connections, at the socket readings while they were open.
  const read = loaded.filter((s) => workersOf(s).some((p) => p.tcp));
  const serving = new Set<number>();
  let peakConns = 0;
  for (const s of read) {
    let est = 0;
    for (const p of workersOf(s)) {
      const n = p.tcp?.['ESTABLISHED'] ?? 0;
      if (n) serving.add(p.pid);
      est += n;
    }
    peakConns = Math.max(peakConns, est);
  }
  const want = Math.min(2, clients);
  const connText = concatText(
    {
      en: `${serving.size} worker processes held connections, ${peakConns} at once for ${clients} clients (${samplesEn(read.length)} with sockets)`,
      zh: `${serving.size} 个工作进程持有连接，${clients} 个客户端时同时最多 ${peakConns} 个（${read.length} 个带套接字的样本）`,
    },
    claimBound(`≥ ${want}, ≥ ${clients}`),
  );
  const connEn = `${who}: the worker processes serve the connections (their sockets, counted by the engine)`;
  const connZh = `${who}：连接由工作进程服务（引擎统计它们的套接字）`;
  if (!read.length)
    out.push(
      undecidedClaim(connEn, connZh, connText, {
        en: 'no socket reading fell while the connections were open (they are read every ~0.5 s): send more or larger messages',
        zh: '连接打开期间没有读到套接字（约每 0.5 秒读取一次）：请发送更多或更大的消息',
      }),
    );
  else out.push(claim(connEn, connZh, serving.size >= want && peakConns >= clients, connText));
  return out;
}

/** The fields of the server's and the client's result lines (each line has some of them). */
const result = z
  .object({
    port: z.number(),
    server_pid: z.number(),
    client_pid: z.number(),
    clients: z.number(),
    messages_echoed: z.number(),
    messages_expected: z.number(),
    errors: z.number(),
    wall_ms: z.number(),
    throughput_msg_s: z.number(),
    throughput_mb_s: z.number(),
    p50_ms: z.number(),
    p99_ms: z.number(),
    model: z.string(),
    server_wall_ms: z.number(),
    client_exit: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: tcpServerVerdict, band: tcpServerBand });
