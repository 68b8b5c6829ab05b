import type { TFn } from '../i18n/translate';

/**
 * The caption under the lanes' stacked CPU chart. What caps a run's threads depends on its runtime:
 * the GIL for Python; for Node, one event loop per thread (worker_threads and child processes spread).
 * A run of another program (a command) gets the runtime-free part only.
 */
export function lanesCpuCaption(t: TFn, cores: number, runtime: string | undefined): string {
  const base = t('lanes.cpuHelp', { cores });
  if (runtime === 'python') return `${base} ${t('lanes.cpuHelp.python')}`;
  if (runtime === 'node') return `${base} ${t('lanes.cpuHelp.node')}`;
  return base;
}
