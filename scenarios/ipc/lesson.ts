import { z } from 'zod';
import type { Claim, RunData, Verdict } from '../../src/shared/model';
import {
  claim,
  defineLesson,
  finishedClaim,
  fmt,
  mergedResult,
  num,
  othersCores,
  paramNum,
  undecidedClaim,
  verdict,
} from '../../src/main/core/lessons/kit';

/** Other work above this many cores makes a lost speed comparison undecided: the scheduler, not the channel, may have lost it. */
const BUSY_CORES = 0.5;

/** Messages at least this large are where copying costs dominate, so shared memory must win. */
const LARGE = 1048576;
const SHARED = 'shm';

/**
 * ipc: every channel delivers each message once and in order; for large messages shared memory
 * beats the channels that copy (the ratio is measured in the same run); a shared counter without a
 * lock loses updates, with one it is exact. Throughput and order are only visible to the program.
 */
export function ipcVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const channels = typeof r.channels === 'string' && r.channels ? r.channels.split(',') : [];
  const n = num(r.messages) ?? paramNum(run, 'messages', 0);
  const size = num(r.size) ?? paramNum(run, 'size', 0);
  const field = (ch: string, k: string) => num(r[`${ch}_${k}`]);
  const claims: Claim[] = [finishedClaim(run)];
  const figures: Record<string, number> = { messages: n, size };

  const bad = channels.filter((ch) => field(ch, 'received') !== n || field(ch, 'distinct') !== n || field(ch, 'in_order') !== 1);
  claims.push(
    claim(
      'Every message arrived once and in order on every channel',
      '每个通道上每条消息都恰好到达一次且有序',
      channels.length > 0 && bad.length === 0,
      {
        en:
          channels
            .map((ch) => `${ch}: ${field(ch, 'received') ?? '?'}/${n}${field(ch, 'in_order') === 1 ? ' in order' : ' OUT OF ORDER'}`)
            .join(', ') || 'no channel reported',
        zh:
          channels
            .map((ch) => `${ch}：${field(ch, 'received') ?? '?'}/${n}${field(ch, 'in_order') === 1 ? ' 有序' : ' 乱序'}`)
            .join('、') || '没有通道报告结果',
      },
    ),
  );
  for (const ch of channels) {
    const mbs = field(ch, 'mb_s');
    const lat = field(ch, 'latency_us');
    if (mbs !== null) figures[`mbs_${ch}`] = mbs;
    if (lat !== null) figures[`latencyUs_${ch}`] = lat;
  }

  const copying = channels.filter((ch) => ch !== SHARED && field(ch, 'mb_s') !== null);
  const shm = field(SHARED, 'mb_s');
  if (shm !== null && copying.length && size >= LARGE) {
    const best = copying.reduce((b, ch) => (field(ch, 'mb_s')! > field(b, 'mb_s')! ? ch : b));
    const ratio = shm / field(best, 'mb_s')!;
    figures.shmRatio = ratio;
    const others = othersCores(run.samples);
    const wins = copying.every((ch) => shm > field(ch, 'mb_s')!);
    const text = `For ${size}-byte messages shared memory beats every copying channel`;
    const zh = `${size} 字节的消息下，共享内存快于所有复制型通道`;
    const measured = {
      en: `shared memory ${fmt(shm, 1)} MB/s, ${fmt(ratio, 1)}× the best copying channel (${best}, ${fmt(field(best, 'mb_s')!, 1)} MB/s)`,
      zh: `共享内存 ${fmt(shm, 1)} MB/s，是最快的复制型通道（${best}，${fmt(field(best, 'mb_s')!, 1)} MB/s）的 ${fmt(ratio, 1)} 倍`,
    };
    claims.push(
      !wins && others > BUSY_CORES
        ? undecidedClaim(text, zh, measured, {
            en: `other programs kept ${fmt(others, 1)} cores busy during the run (limit ${BUSY_CORES})`,
            zh: `运行期间其他程序占用了 ${fmt(others, 1)} 个核（上限 ${BUSY_CORES}）`,
          })
        : claim(text, zh, wins, measured),
    );
  } else if (shm !== null && copying.length) {
    const best = Math.max(...copying.map((ch) => field(ch, 'mb_s')!));
    figures.shmRatio = shm / best;
  }

  const procs = num(r.counter_procs);
  if (procs !== null && procs > 0) {
    const expected = num(r.counter_expected);
    const unlocked = num(r.counter_unlocked);
    const locked = num(r.counter_locked);
    const text = 'A shared counter loses updates without a lock and is exact with one';
    const zh = '共享计数器不加锁会丢失更新，加锁后计数准确';
    const measured = {
      en: `${procs} ${run.info.runtime === 'node' ? 'workers' : 'processes'}: without a lock ${unlocked ?? '?'}, with a lock ${locked ?? '?'} (expected ${expected ?? '?'})`,
      zh: `${procs} 个${run.info.runtime === 'node' ? ' worker' : '进程'}：不加锁 ${unlocked ?? '?'}，加锁 ${locked ?? '?'}（应为 ${expected ?? '?'}）`,
    };
    if (unlocked !== null) figures.lostUpdates = (expected ?? 0) - unlocked;
    claims.push(
      locked === expected && unlocked === expected && expected !== null
        ? undecidedClaim(text, zh, measured, {
            en: procs < 2 ? 'one process cannot race with itself' : 'no update was lost this time: the updates did not interleave',
            zh: procs < 2 ? '单个进程无法与自己竞争' : '这次没有丢失更新：各次更新没有交错',
          })
        : claim(text, zh, expected !== null && unlocked !== null && unlocked < expected && locked === expected, measured),
    );
  }

  return verdict(claims, figures);
}

const result = z
  .object({
    channels: z.string(),
    messages: z.number(),
    size: z.number(),
    round_trips: z.number(),
    counter_procs: z.number(),
    counter_adds: z.number(),
    counter_expected: z.number(),
    counter_unlocked: z.number(),
    counter_locked: z.number(),
  })
  .catchall(z.number())
  .partial();

export default defineLesson({ result, verdict: ipcVerdict });
