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
  return lesson.verdict(run, merged);
}
