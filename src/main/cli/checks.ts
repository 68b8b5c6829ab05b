import fs from 'node:fs';
import path from 'node:path';
import type { RunLimits, Runtime } from '../../shared/model';
import { limitsSchema } from '../../shared/outcome';
import { validateParams, type ScenarioInfo } from '../../shared/scenario';
import { formatFromFilename } from '../core/reports';
import { UsageError } from './args';
import type { Service } from './context';

// Checks of the command line made before any process starts, so a mistake is one usage line.

export async function findScenario(svc: Service, id: string): Promise<ScenarioInfo> {
  const { scenarios } = await svc.handle('scenarios.list', {});
  const s = scenarios.find((x) => x.id === id);
  if (!s) {
    const known = scenarios.map((x) => x.id).join(', ');
    throw new UsageError(`unknown scenario "${id.slice(0, 64)}"${known ? `: choose one of ${known}` : ' (no scenarios are installed)'}`);
  }
  return s;
}

export function defaultRuntime(s: ScenarioInfo): Runtime {
  return s.runtimes.python ? 'python' : 'node';
}

/** The manifest's own checks, before any process starts, so bad params fail in one line. */
export function checkParams(s: ScenarioInfo, runtime: Runtime, params: Record<string, string>): void {
  if (!s.runtimes[runtime]) throw new UsageError(`scenario "${s.id}" has no ${runtime} program`);
  const { model: _model, ...rest } = params;
  const v = validateParams(s, runtime, rest);
  if (!v.ok) throw new UsageError(`bad --param for ${s.id} (${runtime}): ${v.issues.map((i) => i.message).join('; ')}`);
}

export function reportFormatOf(file: string) {
  const f = formatFromFilename(file);
  if (!f) throw new UsageError(`bad --report "${file}": the name must end in .html, .json, .csv, .md or .trace.json`);
  checkWritable(file, '--report');
  return f;
}

export function checkWritable(file: string, what: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`bad ${what} "${file}": folder ${dir} does not exist`);
}

/** Limits from the command line, checked against the host's maxima here so a mistake is a usage error. */
export function checkLimits(l: Partial<RunLimits>): Partial<RunLimits> | undefined {
  const given = Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)) as Partial<RunLimits>;
  if (!Object.keys(given).length) return undefined;
  const parsed = limitsSchema.safeParse(given);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const flag =
      { maxProcs: '--max-procs', maxMemBytes: '--max-mem', maxDurationMs: '--timeout', maxOutputLinesPerSec: '--max-output-rate' }[
        String(i?.path[0])
      ] ?? 'limit';
    throw new UsageError(`bad ${flag}: ${i?.message ?? 'out of range'}`);
  }
  return parsed.data;
}
