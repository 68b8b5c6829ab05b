import { z } from 'zod';
import type { Claim, LessonBand, RunData, RunSample, ThreadRow, Verdict, WaitKind } from '../../src/shared/model';
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

/** What waiting costs, in cores: a polling loop burns most of one; a model that waits in the kernel almost none. */
export const POLLING_MIN_CORES = 0.7;
export const WAITING_MAX_CORES = 0.2;

/** The claim's band for the cores chart: while the reader waits. */
export function ioModelsBand({ runtime, params }: BandInput): LessonBand {
  const model = typeof params.model === 'string' ? params.model : runtime === 'node' ? 'async' : 'select';
  return model === 'polling'
    ? {
        from: POLLING_MIN_CORES,
        to: 1,
        label: { en: `≥ ${fmt(POLLING_MIN_CORES)} cores while the reader waits`, zh: `读取方等待期间 ≥ ${fmt(POLLING_MIN_CORES)} 个核` },
      }
    : {
        from: 0,
        to: WAITING_MAX_CORES,
        label: { en: `≤ ${fmt(WAITING_MAX_CORES)} cores while the reader waits`, zh: `读取方等待期间 ≤ ${fmt(WAITING_MAX_CORES)} 个核` },
      };
}

/** A sample's CPU covers the interval before it: one taken this soon after a mark still holds the time before it. */
const SETTLE_MS = 300;

const markAt = (run: RunData, re: RegExp): number | undefined => outputsOf(run, 'mark').find((o) => re.test(o.text ?? ''))?.ts;

/** Which threads' lanes a model's claim is about, and the wait kinds they should show. */
function laneClaim(node: boolean, model: string): { whose: 'main' | 'workers'; kinds: WaitKind[]; en: string; zh: string } {
  if (model === 'polling')
    return { whose: 'main', kinds: ['running', 'runnable'], en: 'running (it never waits)', zh: '运行中（从不等待）' };
  if (!node && model === 'blocking')
    return { whose: 'main', kinds: ['io'], en: 'I/O wait (a blocking recv)', zh: 'I/O 等待（阻塞的 recv）' };
  if (!node && model === 'threads')
    return { whose: 'workers', kinds: ['io'], en: 'I/O wait (a blocking recv each)', zh: 'I/O 等待（各自阻塞在 recv）' };
  return { whose: 'main', kinds: ['poll'], en: 'poll (epoll_wait on every socket at once)', zh: 'poll（同时在所有套接字上 epoll_wait）' };
}

/**
 * io-models: the reader's CPU and its threads' wait reasons while it waited for the slow
 * sources (measured by the engine; the sources' own process is left out), and how long the
 * whole read took (the program's wall_ms) against one delay and against sources × delay.
 */
export function ioModelsVerdict(run: RunData, r: R): Verdict {
  const node = run.info.runtime === 'node';
  const model = paramStr(run, 'model', node ? 'async' : 'select');
  const sources = r.sources ?? paramNum(run, 'sources', 1);
  const delay = r.delay_ms ?? paramNum(run, 'delay_ms', 1000);
  const root = run.info.rootPid ?? -1;
  const sourcePid = r.source_pid ?? -1;
  const start = markAt(run, /^waiting starts/);
  const end = markAt(run, /^all answers in/) ?? run.info.endedAt ?? Infinity;
  const win = start !== undefined ? run.samples.filter((s) => s.ts >= start + SETTLE_MS && s.ts <= end) : [];
  const readerCores = (s: RunSample): number =>
    s.procs.filter((p) => p.pid !== sourcePid && p.state !== 'zombie').reduce((a, p) => a + (Number.isFinite(p.cpu) ? p.cpu : 0), 0) / 100;
  const cpu = win.length ? win.map(readerCores).reduce((a, b) => a + b, 0) / win.length : NaN;
  const wall = r.wall_ms ?? NaN;
  const sequential = model === 'blocking' || model === 'sequential';
  const who = `${node ? 'Node' : 'Python'} ${model}`;

  const claims: Claim[] = [
    finishedClaim(run),
    claim('Every source answered', '每个数据源都应答了', r.answers === sources, {
      en: `${r.answers ?? 0} of ${sources} answers`,
      zh: `${sources} 个应答中收到 ${r.answers ?? 0} 个`,
    }),
  ];

  const timeText = {
    en: `${fmt(wall / 1000)} s for ${sources} sources of ${fmt(delay / 1000)} s each`,
    zh: `${sources} 个各需 ${fmt(delay / 1000)} 秒的数据源用了 ${fmt(wall / 1000)} 秒`,
  };
  if (sequential)
    claims.push(
      claim(
        `${who}: one source after another, so the waits add up (≥ 0.8 × sources × delay)`,
        `${who}：逐个读取，等待时间累加（≥ 0.8 × 源个数 × 延迟）`,
        wall >= 0.8 * sources * delay,
        concatText(timeText, claimBound(`≥ ${fmt((0.8 * sources * delay) / 1000)} s`)),
      ),
    );
  else
    claims.push(
      claim(
        `${who}: the waits overlap, so all sources take about one delay (≤ 2 × delay)`,
        `${who}：等待相互重叠，所有数据源约为一个延迟（≤ 2 × 延迟）`,
        wall <= 2 * delay,
        concatText(timeText, claimBound(`≤ ${fmt((2 * delay) / 1000)} s`)),
      ),
    );

  const cpuText = {
    en: `the reader used ${fmt(cpu)} cores while it waited (${samplesEn(win.length)})`,
    zh: `等待期间读取方使用了 ${fmt(cpu)} 个核（${win.length} 个样本）`,
  };
  const cores = machineCores(run);
  const others = win.length ? othersCores(win) : 0;
  if (!win.length)
    claims.push(
      undecidedClaim('What waiting costs', '等待的代价', cpuText, {
        en: 'no sample fell while the reader waited: make delay_ms longer',
        zh: '读取方等待期间没有样本：请把 delay_ms 调长',
      }),
    );
  else if (model === 'polling') {
    const text = `${who}: asking again and again costs about a full core`;
    const textZh = `${who}：一遍遍地询问大约花掉一整个核`;
    const shown = concatText(cpuText, claimBound(`≥ ${fmt(POLLING_MIN_CORES)}`));
    const spin = spinningRows(win, root);
    if (cpu < POLLING_MIN_CORES && (cores - others < 1.2 || spin.always))
      claims.push(
        undecidedClaim(
          text,
          textZh,
          shown,
          cores - others < 1.2
            ? {
                en: `only ${fmt(cores - others)} cores were free (other programs used ${fmt(others)} of ${cores}): a polling loop cannot get a whole core`,
                zh: `只有 ${fmt(cores - others)} 个核空闲（其他程序占用了 ${cores} 个核中的 ${fmt(others)} 个）：轮询循环得不到一整个核`,
              }
            : starvedText(spin.n, cpu),
        ),
      );
    else claims.push(claim(text, textZh, cpu >= POLLING_MIN_CORES, shown));
  } else
    claims.push(
      claim(
        `${who}: a thread that waits in the kernel costs almost no CPU`,
        `${who}：在内核中等待的线程几乎不花 CPU`,
        cpu <= WAITING_MAX_CORES,
        concatText(cpuText, claimBound(`≤ ${fmt(WAITING_MAX_CORES)}`)),
      ),
    );

  // The lanes: what the engine read as the reader's threads' wait reasons.
  const lane = laneClaim(node, model);
  const rows: ThreadRow[] = win.flatMap((s) =>
    (s.threads ?? []).filter((t) => t.pid === root && t.wait && (lane.whose === 'main' ? t.tid === root : t.tid !== root)),
  );
  const hits = rows.filter((t) => lane.kinds.includes(t.wait!.kind)).length;
  const share = rows.length ? hits / rows.length : NaN;
  const seen = [...new Set(rows.map((t) => t.wait!.kind))].join(', ') || '-';
  const laneText = {
    en: `${hits} of ${rows.length} thread samples showed ${lane.kinds.join(' or ')} (seen: ${seen})`,
    zh: `${rows.length} 个线程样本中有 ${hits} 个显示 ${lane.kinds.join(' 或 ')}（出现过：${seen}）`,
  };
  const laneEn = `${who}: the ${lane.whose === 'main' ? 'reading thread' : 'reading threads'} show ${lane.en}`;
  const laneZh = `${who}：${lane.whose === 'main' ? '读取线程' : '各读取线程'}显示 ${lane.zh}`;
  if (!rows.length)
    claims.push(
      undecidedClaim(laneEn, laneZh, laneText, {
        en: 'no wait reasons were recorded for the reader while it waited (they need Linux)',
        zh: '读取方等待期间没有记录到等待原因（需要 Linux）',
      }),
    );
  else claims.push(claim(laneEn, laneZh, share >= 0.5, concatText(laneText, claimBound('≥ 50 %'))));

  return verdict(claims, {
    wallMs: wall,
    delayMs: delay,
    sources,
    waitCores: cpu,
    laneShare: share,
    waitSamples: win.length,
  });
}

const result = z
  .object({
    model: z.string(),
    sources: z.number(),
    delay_ms: z.number(),
    answers: z.number(),
    wall_ms: z.number(),
    source_pid: z.number(),
  })
  .partial();

export default defineLesson({ result, verdict: ioModelsVerdict, band: ioModelsBand });
