import type { RunData, Verdict } from '../../../shared/model';
import type { Lesson } from './lesson';

/**
 * Runs a lesson on a finished run. Each result line is parsed with the lesson's schema; a
 * line that does not match makes the lesson inconclusive, naming the line and field, rather
 * than a verdict judged on missing or mistyped figures. A run that did not end normally is
 * judged anyway (its verdict fails on that), since its result lines may simply be cut short.
 */
export function evaluateLesson(lesson: Lesson, run: RunData): Verdict {
  const lines = run.outputs.filter((o) => o.kind === 'result').map((o) => o.data ?? {});
  const merged: Record<string, unknown> = {};
  const problems: string[] = [];
  lines.forEach((line, i) => {
    const r = lesson.result.safeParse(line);
    if (r.success) Object.assign(merged, r.data);
    else {
      const issue = r.error.issues[0]!;
      problems.push(`result line ${i + 1}: ${issue.path.map(String).join('.') || '(line)'}: ${issue.message}`);
      Object.assign(merged, line);
    }
  });
  const ended = run.info.status === 'finished' || (run.info.exit?.code === 0 && run.info.status !== 'failed');
  if (problems.length && ended) {
    const list = problems.join('; ');
    return {
      pass: false,
      outcome: 'inconclusive',
      inconclusive: {
        cause: 'result',
        text: {
          en: `the program's result did not have the fields its lesson reads (${list})`,
          zh: `程序输出的结果缺少其结论所需的字段（${list}）`,
        },
      },
      claims: [],
      figures: {},
    };
  }
  const v = lesson.verdict(run, merged);
  // A claim about cores (the run carries its band) is judged on samples; a run that failed
  // fails on that, however few its samples.
  return ended && run.info.band ? tooFewSamples(run, v) : v;
}

/**
 * Fewer samples with a live process than this, and a verdict would judge what was seen on one
 * look or two: it says so instead (a run's first seconds are sampled every 50 ms, so only a run
 * shorter than about a quarter of a second gets here).
 */
export const MIN_VERDICT_SAMPLES = 4;

function tooFewSamples(run: RunData, v: Verdict): Verdict {
  const n = run.samples.filter((s) => s.procs.length > 0).length;
  if (n >= MIN_VERDICT_SAMPLES || v.inconclusive?.cause === 'result') return v;
  return {
    ...v,
    pass: false,
    outcome: 'inconclusive',
    inconclusive: {
      cause: 'samples',
      text: {
        en: `inconclusive: too few samples (${n}): the run ended before it could be sampled enough to judge`,
        zh: `无法判断：样本太少（${n} 个）：运行在采到足够样本之前就结束了`,
      },
    },
  };
}
