import type { RunData, Verdict } from '../../../shared/model';
import { cpuBoundVerdict } from './cpu-bound';
import { daemonVerdict } from './daemon';
import { forkVsSpawnVerdict } from './fork-vs-spawn';
import { ioBoundVerdict } from './io-bound';
import { orphanVerdict } from './orphan';
import { processBasicsVerdict } from './process-basics';
import { processStatesVerdict } from './process-states';
import { schedulingVerdict } from './scheduling';
import { threadsBasicsVerdict } from './threads-basics';
import { zombieVerdict } from './zombie';

export type VerdictFn = (run: RunData) => Verdict;

/** Manifests name their lesson's checker by one of these keys (`lesson.verdict`). */
const VERDICTS: Record<string, VerdictFn> = {
  'cpu-bound': cpuBoundVerdict,
  'io-bound': ioBoundVerdict,
  'process-basics': processBasicsVerdict,
  'threads-basics': threadsBasicsVerdict,
  zombie: zombieVerdict,
  orphan: orphanVerdict,
  daemon: daemonVerdict,
  'process-states': processStatesVerdict,
  'fork-vs-spawn': forkVsSpawnVerdict,
  scheduling: schedulingVerdict,
};

export const VERDICT_NAMES: readonly string[] = Object.keys(VERDICTS);

export function getVerdict(name: string): VerdictFn | undefined {
  return Object.prototype.hasOwnProperty.call(VERDICTS, name) ? VERDICTS[name] : undefined;
}
