import { z } from 'zod';
import type { ExportedReport } from '../../../shared/results';
import { reportFilename, type ReportInput } from './common';

/**
 * The JSON report: versioned so that tools reading old exports can tell what they hold.
 * Bump REPORT_VERSION on any breaking change to the shape, and keep the schema in step.
 */
export const REPORT_SCHEMA = 'proclab.report';
export const REPORT_VERSION = 1;

const i18n = z.object({ en: z.string(), zh: z.string() });
const paramValue = z.union([z.string(), z.number(), z.boolean()]);
const verdictSchema = z.object({
  pass: z.boolean(),
  outcome: z.enum(['pass', 'fail', 'inconclusive']).optional(),
  inconclusive: z.object({ cause: z.enum(['machine', 'result', 'samples']), text: i18n }).optional(),
  claims: z.array(
    z.object({ text: i18n, pass: z.boolean(), undecided: i18n.optional(), measured: z.string(), measuredText: i18n.optional() }),
  ),
  figures: z.record(z.string(), z.number()),
});
const machineSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int().nonnegative(),
  os: z.string(),
  kernel: z.string(),
  node: z.string(),
  python: z.string().nullable(),
});
const exitSchema = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  by: z.enum(['self', 'user', 'engine', 'limit', 'unknown']),
  at: z.number(),
});
const nn = z.number().nonnegative();
const runInfoSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string(),
  scenarioId: z.string().nullable(),
  runtime: z.enum(['python', 'node', 'command']),
  params: z.record(z.string(), paramValue),
  argv: z.array(z.string()),
  cwd: z.string(),
  status: z.enum(['running', 'finished', 'failed', 'stopped', 'limit', 'interrupted']),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  rootPid: z.number().int().nullable(),
  exit: exitSchema.nullable(),
  reason: z.string().nullable(),
  reasonText: i18n.optional(),
  outcome: z
    .object({
      cause: z.enum(['user-stop', 'limit:procs', 'limit:memory', 'timeout', 'exit', 'signal', 'interrupted']),
      limit: z.number().optional(),
    })
    .nullable()
    .optional(),
  limits: z.object({ maxProcs: nn, maxMemBytes: nn, maxDurationMs: nn, maxOutputLinesPerSec: nn }).optional(),
  contained: z.boolean().optional(),
  memorySource: z.enum(['cgroup-v2', 'cgroup-v1', 'pss', 'rss']).optional(),
  journal: z.enum(['truncated', 'incomplete']).optional(),
  verdict: verdictSchema.nullable(),
  tags: z.array(z.string()),
});
const compareRowSchema = z.object({
  runId: z.string(),
  name: z.string(),
  scenarioId: z.string().nullable(),
  runtime: z.string(),
  params: z.record(z.string(), paramValue),
  status: z.string(),
  wallMs: nn,
  cpuUserMs: nn,
  cpuSysMs: nn,
  avgCores: nn,
  peakCores: nn,
  speedup: nn.nullable(),
  efficiency: nn.nullable(),
  peakRss: nn,
  peakMem: nn.nullable().optional(),
  memorySource: z.enum(['cgroup-v2', 'cgroup-v1', 'pss', 'rss']).nullable().optional(),
  procsStarted: z.number().int().nonnegative(),
  procsPeak: z.number().int().nonnegative().optional(),
  threadsPeak: z.number().int().nonnegative(),
  spawnLatencyMs: nn.nullable(),
  ctxSwitches: nn.nullable(),
  verdict: verdictSchema.nullable(),
});
const seriesPointSchema = z.object({ t: nn, cores: nn, rss: nn, metrics: z.record(z.string(), z.number()) });

export const comparisonSchema = z.object({
  baselineId: z.string(),
  generatedAt: z.number(),
  machine: machineSchema,
  rows: z.array(compareRowSchema).min(1),
  series: z.array(z.object({ runId: z.string(), name: z.string(), points: z.array(seriesPointSchema) })),
});

const site = z.object({ file: z.string(), line: z.number() }).nullable();
const lockOrder = z.object({
  thread: z.string(),
  tid: z.number().nullable(),
  lock: z.string(),
  then: z.string(),
  at: site,
  thenAt: site,
});

const deadlockSchema = z.object({
  kind: z.enum(['suspected', 'withdrawn', 'potential']),
  owners: z
    .array(
      z.object({
        thread: z.string(),
        tid: z.number().nullable(),
        at: site,
        lock: z.string(),
        holder: z.string(),
        holderTid: z.number().nullable(),
        heldAt: site,
        holderAt: site,
        pid: z.number().int().optional(),
        holderPid: z.number().int().optional(),
      }),
    )
    .optional(),
  ownersText: i18n.optional(),
  inversion: z.object({ first: lockOrder, second: lockOrder }).optional(),
  pids: z.array(z.number().int()).optional(),
  ts: z.number(),
  pid: z.number().int(),
  startTime: z.number(),
  runId: z.string().nullable(),
  name: z.string(),
  since: z.number(),
  thresholdMs: z.number(),
  threads: z.array(z.object({ tid: z.number().int(), name: z.string(), word: z.string().nullable() })),
  locks: z.array(z.object({ word: z.string().nullable(), tids: z.array(z.number().int()) })),
  source: z.enum(['syscall', 'wchan']),
  cycle: z.string().nullable(),
  cycleText: i18n.nullable(),
  waits: z
    .array(
      z.object({
        pid: z.number().int(),
        tid: z.number().int(),
        thread: z.string(),
        call: z.string(),
        op: z.enum(['read', 'write', 'child', 'lock']),
        fd: z.number().int().nullable(),
        target: z.string().nullable(),
        waitsFor: z.array(z.number().int()),
        stack: z.object({ source: z.enum(['python', 'kernel']), frames: z.array(z.string()) }).optional(),
      }),
    )
    .optional(),
  detail: z.string(),
  text: i18n,
});

export const jsonReportSchema = z.object({
  schema: z.literal(REPORT_SCHEMA),
  version: z.literal(REPORT_VERSION),
  comparison: comparisonSchema,
  runs: z.array(
    z.object({
      info: runInfoSchema,
      machine: machineSchema,
      /** Counts of what the journal holds, so a reader knows how much the figures rest on. */
      counts: z.object({ samples: z.number().int(), events: z.number().int(), outputs: z.number().int() }),
      summary: compareRowSchema,
      /** The deadlock watchdog's events for the run's processes (absent when it never spoke). */
      deadlocks: z.array(deadlockSchema).optional(),
    }),
  ),
});
export type JsonReport = z.infer<typeof jsonReportSchema>;

export function jsonReport(input: ReportInput): JsonReport {
  const { comparison, runs } = input;
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    comparison,
    runs: runs.map((r) => ({
      info: r.info,
      machine: r.machine,
      counts: { samples: r.samples.length, events: r.events.length, outputs: r.outputs.length },
      summary: comparison.rows.find((row) => row.runId === r.info.id)!,
      ...(r.deadlocks?.length && { deadlocks: r.deadlocks }),
    })),
  };
}

export function exportJson(input: ReportInput): ExportedReport {
  return { filename: reportFilename(input, 'json'), mime: 'application/json', content: JSON.stringify(jsonReport(input), null, 2) + '\n' };
}
