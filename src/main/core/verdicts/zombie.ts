import type { Claim, RunData, Verdict } from '../../../shared/model';
import { claim, fmt, mergedResult, num, verdict } from './common';

/**
 * zombie: a child that exited while its parent did not wait for it stays in the process
 * table as a zombie (state Z) until the parent reaps it with wait/waitpid.
 */
export function zombieVerdict(run: RunData): Verdict {
  const r = mergedResult(run);
  const child = num(r.child_pid);
  const zTimes: number[] = [];
  for (const s of run.samples) for (const p of s.procs) if ((child === null || p.pid === child) && p.state === 'zombie') zTimes.push(s.ts);
  for (const e of run.events)
    if ((child === null || e.pid === child) && (e.kind === 'state-changed' || e.kind === 'spawned') && e.state === 'zombie')
      zTimes.push(e.ts);
  const zombiePid = child ?? run.samples.flatMap((s) => s.procs).find((p) => p.state === 'zombie')?.pid ?? null;
  const first = zTimes.length ? Math.min(...zTimes) : NaN;
  const last = zTimes.length ? Math.max(...zTimes) : NaN;

  // Gone: the engine recorded its exit after the last zombie sighting, or a later sample no longer lists it.
  let goneAt: number | null = null;
  if (zombiePid !== null && zTimes.length) {
    const ex = run.events.find((e) => e.pid === zombiePid && e.kind === 'exited');
    if (ex && (ex.exit?.at ?? ex.ts) >= first) goneAt = ex.ts;
    const later = run.samples.find((s) => s.ts > last && !s.procs.some((p) => p.pid === zombiePid && p.state !== 'dead'));
    if (later && (goneAt === null || later.ts < goneAt)) goneAt = later.ts;
  }
  const reapedAt = run.outputs.find(
    (o) => (o.kind === 'result' && o.data?.reaped !== undefined) || (o.kind === 'mark' && /reaped/i.test(o.text ?? '')),
  )?.ts;

  const claims: Claim[] = [
    claim(
      'The exited child was seen as a zombie (state Z) while the parent had not waited for it',
      '子进程退出后、父进程尚未 wait 时，它以僵尸（状态 Z）出现',
      zTimes.length > 0,
      zTimes.length
        ? `pid ${zombiePid} seen as zombie ${zTimes.length} times over ${fmt((last - first) / 1000, 1)} s`
        : `pid ${child ?? '?'} was never seen in state zombie`,
    ),
    claim(
      'After waitpid() reaped it, the zombie was gone',
      '父进程调用 waitpid() 回收后，僵尸消失了',
      goneAt !== null,
      goneAt !== null
        ? `gone ${fmt((goneAt - last) / 1000, 1)} s after the last zombie sighting${reapedAt ? ` (reaped at +${fmt((reapedAt - run.info.startedAt) / 1000, 1)} s)` : ''}`
        : 'still listed, or never seen as a zombie',
    ),
  ];
  return verdict(claims, { zombieSightings: zTimes.length, zombieSeconds: zTimes.length ? (last - first) / 1000 : 0 });
}
