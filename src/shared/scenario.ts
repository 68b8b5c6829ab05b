import { z } from 'zod';
import type { I18nText, ParamValue, Runtime } from './model';
import { parseSignalName, SIGNAL_NAMES, type SignalName } from './signals';

/**
 * The scenario manifest (scenarios/<id>/manifest.json). Shared so that the core validates
 * manifests and launch parameters, and the renderer validates its form, with one schema.
 */
const i18n = z.object({ en: z.string().min(1), zh: z.string().min(1) }).strict();

const base = {
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case'),
  label: i18n,
  help: i18n.optional(),
  /** Only offered for these runtimes (default: all of the scenario's runtimes). */
  runtimes: z.array(z.enum(['python', 'node'])).optional(),
};

export const paramSpecSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('int'), default: z.number().int(), min: z.number().int(), max: z.number().int() }).strict(),
  z.object({ ...base, type: z.literal('number'), default: z.number(), min: z.number(), max: z.number() }).strict(),
  z.object({ ...base, type: z.literal('enum'), default: z.string(), values: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ ...base, type: z.literal('bool'), default: z.boolean() }).strict(),
]);
export type ParamSpec = z.infer<typeof paramSpecSchema>;

const bound = z
  .object({ gt: z.number().optional(), gte: z.number().optional(), lt: z.number().optional(), lte: z.number().optional() })
  .strict();

/** Checks a self-test makes besides "the lesson passes", each one a property of the real run. */
export const selfTestExpectSchema = z
  .object({
    /** Verdict figures within bounds, e.g. { "spawnMs": { "gt": 0 } }. */
    figures: z.record(z.string(), bound).optional(),
    /** At least this many children of the root exited, each before the root did (it joined them). */
    childrenEndBeforeRoot: z.number().int().min(1).optional(),
    /** The run ends at its root's exit ('root') or at the last exit of any of its processes ('last'). */
    endsAt: z.enum(['root', 'last']).optional(),
    /** The run lasted at least this long (e.g. until an orphan that outlived its parent was gone). */
    minWallMs: z.number().nonnegative().optional(),
    /** The journal's events read back in time order. */
    eventsInOrder: z.boolean().optional(),
    /** The lesson's outcome (default pass); a busy-machine case expects inconclusive. */
    outcome: z.enum(['pass', 'inconclusive']).optional(),
    /** A regular expression the inconclusive reason (English) must match, e.g. "only [0-9.]+ cores were free". */
    reason: z.string().min(1).optional(),
  })
  .strict();
export type SelfTestExpect = z.infer<typeof selfTestExpectSchema>;

export const selfTestCaseSchema = z
  .object({
    /** Only this runtime (default: every runtime the scenario has). */
    runtime: z.enum(['python', 'node']).optional(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    expect: selfTestExpectSchema.optional(),
    /**
     * Signals the test sends to the run's root process, in order, each once a mark whose label
     * matches `afterMark` (a regular expression) has appeared since the previous step, then
     * `delayMs` later; through the service's process.signal, as the UI's buttons send them.
     */
    signals: z
      .array(
        z
          .object({
            signal: z.enum(SIGNAL_NAMES),
            afterMark: z.string().min(1),
            delayMs: z.number().int().min(0).max(10_000).optional(),
          })
          .strict(),
      )
      .max(16)
      .optional(),
    /** "busy": the test keeps every core busy with a neighbour process during the run. */
    load: z.enum(['busy']).optional(),
    /** Why these parameters, for whoever changes them. */
    why: z.string().optional(),
  })
  .strict();
export type SelfTestCase = z.infer<typeof selfTestCaseSchema>;

/**
 * A figure the program reports over time with `{"ev":"metric","name":…}` lines: its unit and
 * label, so the run view and comparisons can chart it with a named, unit-labelled axis.
 */
export const metricSpecSchema = z
  .object({
    name: z.string().min(1).max(128),
    /** Shown after values and on the axis, e.g. "items", "ms", "MB/s" (may be empty for a pure count). */
    unit: z.string().max(16),
    label: i18n,
  })
  .strict();
export type MetricSpec = z.infer<typeof metricSpecSchema>;

/**
 * A figure the program reports once, in its `{"ev":"result",…}` line: its words in both languages,
 * so the Results card names it in the UI language rather than by the program's key.
 */
export const resultSpecSchema = z
  .object({
    /** The key as the program prints it (ipc's Node channels give "message-channel_mb_s"). */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_-]*$/, 'lower case, digits, _ and -')
      .max(128),
    label: i18n,
  })
  .strict();
export type ResultSpec = z.infer<typeof resultSpecSchema>;

/** What a prompt's button does to the run's root process: one of the table's actions, or any standard signal. */
export type PromptAction = { kind: 'stop' | 'continue' | 'terminate' } | { kind: 'signal'; signal: SignalName };
export const PROMPT_ACTIONS = ['stop', 'continue', 'terminate'] as const;

/** "stop", "continue", "terminate", or "signal:NAME" (NAME with or without its SIG prefix); null if none of those. */
export function parsePromptAction(s: string): PromptAction | null {
  if ((PROMPT_ACTIONS as readonly string[]).includes(s)) return { kind: s as (typeof PROMPT_ACTIONS)[number] };
  const m = /^signal:(.+)$/.exec(s);
  const signal = m ? parseSignalName(m[1]!) : null;
  return signal ? { kind: 'signal', signal } : null;
}

/**
 * A moment the run page tells the user to act ("press Stop now"): shown once a mark matching
 * `onMark` (a regular expression) appeared, or once the prompt `afterPrompt` was followed; its
 * button does `action` to the run's root. Gone once followed, once a mark matching `untilMark`
 * appeared after it (the moment passed), or when the run ends.
 */
export const promptSpecSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-kebab-case'),
    onMark: z.string().min(1).optional(),
    afterPrompt: z.string().min(1).optional(),
    untilMark: z.string().min(1).optional(),
    text: i18n,
    /** The button's words (default: the action's own name in the UI). */
    button: i18n.optional(),
    action: z.string().refine((a) => parsePromptAction(a) !== null, {
      message: `not an action: use ${PROMPT_ACTIONS.join(', ')} or signal:NAME (a standard signal)`,
    }),
  })
  .strict();
export type PromptSpec = z.infer<typeof promptSpecSchema>;

export const scenarioKindSchema = z.enum(['compute', 'io', 'sync', 'lifecycle', 'server']);

export const manifestSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-kebab-case'),
    title: i18n,
    explanation: i18n,
    concepts: z.array(z.number().int().min(1).max(23)).min(1),
    kind: scenarioKindSchema,
    /** Entry program per runtime, relative to the scenario folder. */
    runtimes: z
      .object({
        python: z
          .object({ entry: z.string().min(1) })
          .strict()
          .optional(),
        node: z
          .object({ entry: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .refine((r) => r.python || r.node, 'at least one runtime'),
    /** Why a runtime is missing, e.g. "Node cannot leave a zombie child". */
    runtimeNotes: i18n.optional(),
    params: z.array(paramSpecSchema),
    /**
     * The enum parameter "compare models" runs once per value of (default "model"), e.g. a pool
     * kind or an IPC channel: the same workload, one run per value, then one comparison.
     */
    compareBy: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case')
      .optional(),
    /** The metrics its programs report over time (undeclared metrics are still charted, without a unit). */
    metrics: z.array(metricSpecSchema).optional(),
    /** The figures of its programs' result line, labelled (an undeclared figure is shown under its key). */
    results: z.array(resultSpecSchema).max(256).optional(),
    lesson: z
      .object({
        claim: i18n,
        /** Which claims depend on the machine's core count, stated for honesty. */
        coreDependence: i18n.optional(),
      })
      .strict(),
    /** Seconds after which the engine ends the run (a run limit). */
    timeoutSec: z.number().positive().max(3600).default(120),
    /**
     * Small, fast runs whose lesson must pass: the test suite runs each case for each of the
     * scenario's runtimes (or only `runtime`), and checks `expect` on top of the verdict.
     */
    selfTest: z.array(selfTestCaseSchema).min(1).optional(),
    /** Signals the run page offers as one button each (sent to the run's root process). */
    signalButtons: z.array(z.enum(SIGNAL_NAMES)).max(16).optional(),
    /** Moments the run page prompts the user to act, tied to the program's marks (see promptSpecSchema). */
    prompts: z.array(promptSpecSchema).max(16).optional(),
    /** pids the scenario declares as daemons announce themselves with a {"ev":"daemon","pid":n} line. */
  })
  .strict()
  .superRefine((m, ctx) => {
    m.params.forEach((p, i) => {
      if ((p.type === 'int' || p.type === 'number') && !(p.min <= p.default && p.default <= p.max))
        ctx.addIssue({ code: 'custom', path: ['params', i, 'default'], message: `default ${p.default} outside [${p.min}, ${p.max}]` });
      if (p.type === 'enum' && !p.values.includes(p.default))
        ctx.addIssue({
          code: 'custom',
          path: ['params', i, 'default'],
          message: `default "${p.default}" is not one of ${p.values.join(', ')}`,
        });
    });
    if (m.compareBy && !m.params.some((p) => p.name === m.compareBy && p.type === 'enum'))
      ctx.addIssue({ code: 'custom', path: ['compareBy'], message: `"${m.compareBy}" is not an enum parameter` });
    m.metrics?.forEach((x, i) => {
      if (m.metrics!.findIndex((y) => y.name === x.name) !== i)
        ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `metric "${x.name}" declared twice` });
    });
    m.results?.forEach((x, i) => {
      if (m.results!.findIndex((y) => y.name === x.name) !== i)
        ctx.addIssue({ code: 'custom', path: ['results', i, 'name'], message: `result "${x.name}" declared twice` });
    });
    m.prompts?.forEach((pr, i) => {
      const at = (field: string, message: string): void => ctx.addIssue({ code: 'custom', path: ['prompts', i, field], message });
      if ((pr.onMark === undefined) === (pr.afterPrompt === undefined)) at('onMark', 'give exactly one of onMark and afterPrompt');
      for (const field of ['onMark', 'untilMark'] as const) {
        const re = pr[field];
        if (re === undefined) continue;
        try {
          new RegExp(re);
        } catch {
          at(field, 'not a regular expression');
        }
      }
      if (m.prompts!.findIndex((q) => q.id === pr.id) !== i) at('id', `prompt "${pr.id}" declared twice`);
      if (pr.afterPrompt !== undefined && !m.prompts!.slice(0, i).some((q) => q.id === pr.afterPrompt))
        at('afterPrompt', `"${pr.afterPrompt}" is not a prompt declared before this one`);
    });
    m.selfTest?.forEach((c, i) => {
      c.signals?.forEach((st, j) => {
        try {
          new RegExp(st.afterMark);
        } catch {
          ctx.addIssue({ code: 'custom', path: ['selfTest', i, 'signals', j, 'afterMark'], message: 'not a regular expression' });
        }
      });
      for (const rt of c.runtime ? [c.runtime] : (['python', 'node'] as const)) {
        if (!m.runtimes[rt]) {
          if (c.runtime) ctx.addIssue({ code: 'custom', path: ['selfTest', i, 'runtime'], message: `the scenario has no ${rt} program` });
          continue;
        }
        const r = validateParams(m, rt, c.params);
        if (!r.ok)
          for (const issue of r.issues)
            ctx.addIssue({ code: 'custom', path: ['selfTest', i, 'params', issue.param], message: `${rt}: ${issue.message}` });
      }
    });
  });
export type Manifest = z.infer<typeof manifestSchema>;

/** The parameter a scenario's model comparison varies. */
export const compareParam = (m: Pick<Manifest, 'compareBy'>): string => m.compareBy ?? 'model';

/** What the renderer receives for the catalogue. */
export interface ScenarioInfo extends Manifest {
  dir: string;
  /** The folder's optional README.md: how the program works, shown as "How it works". */
  howItWorks?: I18nText;
}

/**
 * A scenario README holds both languages: the English first, then the Chinese under a
 * heading line `## 中文`. Null when either part is empty (the UI never shows half of it).
 */
export function splitReadme(text: string): I18nText | null {
  const m = /^##\s*中文\s*$/m.exec(text);
  if (!m) return null;
  const en = text.slice(0, m.index).trim();
  const zh = text.slice(m.index + m[0].length).trim();
  return en && zh ? { en, zh } : null;
}
export interface ScenarioLoadError {
  /** The folder name (the id may be what is broken). */
  id: string;
  field: string;
  message: string;
}

/** One problem with one launch parameter, for inline form errors. */
export interface ParamIssue {
  param: string;
  message: string;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Checks launch parameters against a manifest: unknown names, wrong types, out of range.
 * Returns the cleaned values (defaults filled in) or the issues; never throws.
 */
export function validateParams(
  m: Pick<Manifest, 'params'>,
  runtime: 'python' | 'node',
  raw: Record<string, unknown>,
): { ok: true; values: Record<string, ParamValue> } | { ok: false; issues: ParamIssue[] } {
  const issues: ParamIssue[] = [];
  const values: Record<string, ParamValue> = {};
  const specs = m.params.filter((p) => !p.runtimes || p.runtimes.includes(runtime));
  for (const key of Object.keys(raw)) {
    if (!specs.some((p) => p.name === key)) issues.push({ param: key, message: `unknown parameter "${key}"` });
  }
  for (const p of specs) {
    const v = raw[p.name];
    if (v === undefined || v === '') {
      values[p.name] = p.default;
      continue;
    }
    switch (p.type) {
      case 'int':
      case 'number': {
        // Plain decimal only: Number() would also take "0x2", "0b1" or "Infinity".
        const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v) : NaN;
        if (!Number.isFinite(n)) issues.push({ param: p.name, message: `${p.name} must be a number` });
        else if (p.type === 'int' && !Number.isInteger(n)) issues.push({ param: p.name, message: `${p.name} must be a whole number` });
        else if (n < p.min || n > p.max) issues.push({ param: p.name, message: `${p.name} must be between ${p.min} and ${p.max}` });
        else values[p.name] = n;
        break;
      }
      case 'enum':
        if (typeof v !== 'string' || !p.values.includes(v))
          issues.push({ param: p.name, message: `${p.name} must be one of ${p.values.join(', ')}` });
        else values[p.name] = v;
        break;
      case 'bool': {
        const b = v === true || v === 'true' || v === '1' ? true : v === false || v === 'false' || v === '0' ? false : null;
        if (b === null) issues.push({ param: p.name, message: `${p.name} must be true or false` });
        else values[p.name] = b;
        break;
      }
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, values };
}

/** The runtimes a scenario has a program for, Python first (the order every list shows). */
export function runtimesOf(s: Pick<ScenarioInfo, 'runtimes'>): Runtime[] {
  const out: Runtime[] = [];
  if (s.runtimes.python) out.push('python');
  if (s.runtimes.node) out.push('node');
  return out;
}
