import { asText } from '../../../shared/engine-texts';
import { coresUsed, progressWindow, sampleIntervalMs, windowSamples, workAverageCores } from '../runs/work-window';
import type { Claim, I18nText, LifecycleEvent, RunData, RunOutput, RunSample, Verdict, VerdictOutcome } from '../../../shared/model';

/**
 * The lesson kit: what every `scenarios/<id>/lesson.ts` may use besides `src/shared` (ESLint
 * holds lessons to these two). Reading one run's samples, outputs and events, and wording
 * what was measured in both languages.
 */
export { defineLesson, type BandInput, type Lesson } from './lesson';
export { progressWindow, sampleIntervalMs };

/** `measured` as a plain string only for figures or notation that read the same in both languages. */
export function claim(en: string, zh: string, pass: boolean, measured: string | I18nText): Claim {
  const m = asText(measured);
  return { text: { en, zh }, pass, measured: m.en, measuredText: m };
}

/** A piece of measured text: bilingual, or a string the same in both; false/null/undefined drop out so optional parts can be inlined. */
export type TextPart = string | I18nText | false | null | undefined;

const present = (p: TextPart): p is string | I18nText => p !== false && p !== null && p !== undefined;

export function concatText(...parts: TextPart[]): I18nText {
  const kept = parts.filter(present).map(asText);
  return { en: kept.map((p) => p.en).join(''), zh: kept.map((p) => p.zh).join('') };
}

const SEPARATORS = { list: { en: ', ', zh: '、' }, clause: { en: '; ', zh: '；' } } as const;

/** Joins items as a list ("a, b" / "a、b") or as clauses ("a; b" / "a；b"). */
export function joinText(parts: readonly TextPart[], sep: keyof typeof SEPARATORS = 'list'): I18nText {
  const kept = parts.filter(present);
  return concatText(...kept.flatMap((p, i) => (i ? [SEPARATORS[sep], p] : [p])));
}

/** A parenthesised remark: " (…)" in English, "（…）" in Chinese. */
export function paren(inner: TextPart): I18nText {
  const t = concatText(inner);
  return t.en || t.zh ? { en: ` (${t.en})`, zh: `（${t.zh}）` } : t;
}

/** The claim's threshold after the figure, e.g. " (claim: ≤ 1.3)", with any further remarks as clauses. */
export function claimBound(bound: string, ...notes: TextPart[]): I18nText {
  return paren(joinText([{ en: `claim: ${bound}`, zh: `论断：${bound}` }, ...notes], 'clause'));
}

/** A labelled yes/no, "alive before: true" / "之前存活：是". */
export function flag(label: I18nText, b: boolean): I18nText {
  return { en: `${label.en}: ${b}`, zh: `${label.zh}：${b ? '是' : '否'}` };
}

/** "1 sample" / "5 samples". */
export function samplesEn(n: number): string {
  return `${n} sample${n === 1 ? '' : 's'}`;
}

/** A time in the run as seconds after its start, "+1.8 s" ("?" when unknown). */
export function relTime(run: RunData, t: number | null | undefined): string {
  return t === null || t === undefined ? '?' : `+${fmt((t - run.info.startedAt) / 1000, 1)} s`;
}

/**
 * A claim this run cannot decide, e.g. a parallel speed-up on a machine whose cores others
 * were using: neither a pass nor a fail, `why` says what was missing.
 */
export function undecidedClaim(en: string, zh: string, measured: string | I18nText, why: I18nText): Claim {
  return { ...claim(en, zh, false, measured), undecided: why };
}

/**
 * The verdict of a set of claims: fail if any claim failed (or there is none), else
 * inconclusive if any could not be decided (the reasons joined), else pass.
 */
export function verdict(claims: Claim[], figures: Record<string, number>): Verdict {
  const clean: Record<string, number> = {};
  for (const [k, v] of Object.entries(figures)) if (Number.isFinite(v)) clean[k] = round(v, 3);
  const undecided = claims.filter((c) => c.undecided);
  const failed = claims.length === 0 || claims.some((c) => !c.pass && !c.undecided);
  const outcome: VerdictOutcome = failed ? 'fail' : undecided.length ? 'inconclusive' : 'pass';
  const v: Verdict = { pass: outcome === 'pass', outcome, claims, figures: clean };
  if (outcome === 'inconclusive')
    v.inconclusive = {
      cause: 'machine',
      text: joinText(
        undecided.map((c) => c.undecided),
        'clause',
      ),
    };
  return v;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? round(n, digits).toFixed(digits) : 'n/a');

/** Cores the machine has: the machine record, else the width of a sample's core list. */
export function machineCores(run: RunData): number {
  return run.machine?.cores || run.samples.find((s) => s.cores.length)?.cores.length || 1;
}

/** "Cores used" at one sample: the same figure the comparison table shows (capped at the machine's cores). */
export const coresAt = (s: RunSample): number => coresUsed(s);

export function outputsOf(run: RunData, kind: RunOutput['kind']): RunOutput[] {
  return run.outputs.filter((o) => o.kind === kind);
}

/** Every result line's fields merged (later lines win), for scenarios that print a few. */
export function mergedResult(run: RunData): Record<string, unknown> {
  return Object.assign({}, ...outputsOf(run, 'result').map((o) => o.data ?? {}));
}

export function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * Average cores the run used while it worked: the figure the comparison table shows as
 * "avg cores", so a verdict and the table never disagree about the same run.
 */
export const workCores = (run: RunData): number => workAverageCores(run);

/** The samples of the busy window (see `windowSamples`); without progress lines, those where the run used more than 5 % of a core. */
export function busySamples(run: RunData): RunSample[] {
  return windowSamples(run) ?? run.samples.filter((s) => coresAt(s) > 0.05);
}

/**
 * Cores busy with OTHER work during these samples: the machine's utilisation (from
 * /proc/stat, summed over cores) minus the run's own processes, averaged.
 */
export function othersCores(samples: RunSample[]): number {
  const v = samples.filter((s) => s.cores.length).map((s) => Math.max(0, s.cores.reduce((a, c) => a + c, 0) / 100 - coresAt(s)));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
}

export function coresStats(samples: RunSample[]): { avg: number; peak: number; n: number } {
  if (!samples.length) return { avg: NaN, peak: NaN, n: 0 };
  const c = samples.map(coresAt);
  return { avg: c.reduce((a, b) => a + b, 0) / c.length, peak: Math.max(...c), n: c.length };
}

/** Wall time: the program's own wall_ms if it printed one, else the run's start to end. */
export function wallMs(run: RunData): number {
  const r = num(mergedResult(run).wall_ms);
  if (r !== null) return r;
  return (run.info.endedAt ?? run.info.exit?.at ?? Date.now()) - run.info.startedAt;
}

export function eventsFor(run: RunData, pid: number, kind?: LifecycleEvent['kind']): LifecycleEvent[] {
  return run.events.filter((e) => e.pid === pid && (!kind || e.kind === kind));
}

/** When the engine saw `pid` exit (the root's exit also lives on the run info). */
export function exitTs(run: RunData, pid: number): number | null {
  const e = eventsFor(run, pid, 'exited')[0];
  if (e) return e.exit?.at ?? e.ts;
  if (pid === run.info.rootPid && run.info.exit) return run.info.exit.at;
  return null;
}

/**
 * When `pid` stopped running: its first zombie sighting (sample or state change) if it was
 * one, else its exit. A child that a parent has not reaped yet HAS exited; its exit event
 * only comes at the reaping, which (Python joins children in set order) can be much later.
 */
export function endTs(run: RunData, pid: number): { at: number | null; zombieUntil: number | null } {
  const exit = exitTs(run, pid);
  let zombie: number | null = null;
  for (const e of run.events) {
    if (e.pid === pid && (e.kind === 'state-changed' || e.kind === 'spawned') && e.state === 'zombie')
      zombie = Math.min(zombie ?? e.ts, e.ts);
  }
  for (const s of run.samples) {
    if (s.procs.some((p) => p.pid === pid && p.state === 'zombie')) zombie = Math.min(zombie ?? s.ts, s.ts);
  }
  if (zombie !== null && (exit === null || zombie < exit)) return { at: zombie, zombieUntil: exit };
  return { at: exit, zombieUntil: null };
}

/** Every state the engine saw `pid` in (samples and state-change events); all run pids if pid is null. */
export function statesSeen(run: RunData, pid: number | null): Set<string> {
  const seen = new Set<string>();
  for (const s of run.samples) for (const p of s.procs) if (pid === null || p.pid === pid) seen.add(p.state);
  for (const e of run.events) {
    if (pid !== null && e.pid !== pid) continue;
    if (e.kind === 'state-changed' || e.kind === 'spawned') {
      if (e.state) seen.add(e.state);
    }
  }
  return seen;
}

/** Peak of the summed RSS of the run's processes, and the peak process count seen at once. */
export function memoryStats(run: RunData): { peakRss: number; peakProcs: number; rootPeakRss: number } {
  let peakRss = 0;
  let peakProcs = 0;
  let rootPeakRss = 0;
  for (const s of run.samples) {
    const live = s.procs.filter((p) => p.state !== 'zombie' && p.state !== 'dead');
    peakRss = Math.max(
      peakRss,
      live.reduce((a, p) => a + p.rss, 0),
    );
    peakProcs = Math.max(peakProcs, live.length);
    for (const p of live) if (p.pid === run.info.rootPid) rootPeakRss = Math.max(rootPeakRss, p.rss);
  }
  return { peakRss, peakProcs, rootPeakRss };
}

export const mb = (bytes: number): string => `${fmt(bytes / 1048576, 1)} MB`;

export function paramStr(run: RunData, name: string, dflt: string): string {
  const v = run.info.params[name];
  return typeof v === 'string' ? v : dflt;
}

export function paramNum(run: RunData, name: string, dflt: number): number {
  return num(run.info.params[name]) ?? dflt;
}

/** Claim shown when the run did not end normally, so a verdict never passes on nothing. */
export function finishedClaim(run: RunData): Claim {
  const ok = run.info.status === 'finished' || (run.info.exit?.code === 0 && run.info.status !== 'failed');
  const exit = run.info.exit;
  // Status and signal names are identifiers (the timeline shows them as they are), so only the words around them change.
  return claim(
    'The program ran to its end',
    '程序正常运行结束',
    ok,
    concatText(
      { en: `status ${run.info.status}`, zh: `状态 ${run.info.status}` },
      exit && {
        en: `, exit code ${exit.code ?? exit.signal}`,
        zh: exit.code !== null ? `，退出码 ${exit.code}` : `，被信号 ${exit.signal} 结束`,
      },
    ),
  );
}

/**
 * What the engine saw of the threads that marked `{"label":"waiting","lock":…}` for one lock:
 * each run sample taken after a thread's "waiting" mark and before its next mark on that lock
 * ("acquired", or e.g. "timed out" for a wait that gave up), and
 * whether that thread's wait reason then was a lock wait. `waitsRead`: any wait reason at all
 * in the samples (Linux only), so a lesson can say why it cannot decide.
 */
export function lockWaitsSeen(run: RunData, lock: string): { seen: number; inLock: number; waitsRead: boolean } {
  const open = new Map<number, number>();
  const spans: Array<{ tid: number; from: number; to: number }> = [];
  for (const o of outputsOf(run, 'mark')) {
    const tid = num(o.data?.tid);
    if (o.data?.lock !== lock || tid === null) continue;
    if (o.text === 'waiting') open.set(tid, o.ts);
    else if (open.has(tid)) {
      spans.push({ tid, from: open.get(tid)!, to: o.ts });
      open.delete(tid);
    }
  }
  let seen = 0;
  let inLock = 0;
  let waitsRead = false;
  for (const s of run.samples) {
    for (const t of s.threads ?? []) {
      if (t.wait) waitsRead = true;
      if (!spans.some((sp) => sp.tid === t.tid && sp.from < s.ts && s.ts < sp.to)) continue;
      seen++;
      if (t.wait?.kind === 'lock') inLock++;
    }
  }
  return { seen, inLock, waitsRead };
}

/** One metric's `{"ev":"metric"}` points in time order. */
export function metricSeries(run: RunData, name: string): Array<{ ts: number; value: number }> {
  const points: Array<{ ts: number; value: number }> = [];
  for (const o of run.outputs) {
    if (o.kind !== 'metric' || o.data?.name !== name) continue;
    const v = num(o.data.value);
    if (v !== null) points.push({ ts: o.ts, value: v });
  }
  return points.sort((a, b) => a.ts - b.ts);
}

/** The value a metric last had at `ts` (null before its first point). */
export function metricAt(points: ReadonlyArray<{ ts: number; value: number }>, ts: number): number | null {
  let v: number | null = null;
  for (const p of points) {
    if (p.ts > ts) break;
    v = p.value;
  }
  return v;
}

/** Marks whose label matches, with the process id the label names ("… (pid 123)") and the thread id the kit attached. */
export function roleMarks(run: RunData, label: RegExp): Array<{ ts: number; text: string; pid: number | null; tid: number | null }> {
  return outputsOf(run, 'mark')
    .filter((o) => label.test(o.text ?? ''))
    .map((o) => ({ ts: o.ts, text: o.text ?? '', pid: num(/\(pid (\d+)/.exec(o.text ?? '')?.[1]), tid: num(o.data?.tid) }));
}

/**
 * A busy loop's main thread that never waited (running or runnable in every sample that has a
 * wait reason) yet got less than a core: the machine withheld it (other programs, or a host
 * taking the virtual CPUs' time, which the guest's /proc/stat does not show as busy).
 */
export function spinningRows(samples: RunSample[], pid: number): { always: boolean; n: number } {
  const rows = samples.flatMap((s) => (s.threads ?? []).filter((t) => t.pid === pid && t.tid === pid && t.wait));
  return { always: rows.length > 0 && rows.every((t) => t.wait!.kind === 'running' || t.wait!.kind === 'runnable'), n: rows.length };
}

/** Why a loop that never waited still read under a core: the reason an inconclusive claim gives. */
export function starvedText(n: number, cores: number): I18nText {
  return {
    en: `the loop never waited (running or runnable in all ${n} samples) yet got only ${fmt(cores)} cores: the machine did not give it a whole core (other programs, or a host taking the virtual CPUs' time)`,
    zh: `循环从未等待（全部 ${n} 个样本都是运行中或可运行）却只得到 ${fmt(cores)} 个核：机器没有给它一整个核（其他程序，或宿主机占用了虚拟 CPU 的时间）`,
  };
}
