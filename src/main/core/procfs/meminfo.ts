import type { MemInfo } from '../../../shared/model';

/** MemTotal / MemAvailable from /proc/meminfo (kB) in bytes. Falls back to MemFree on kernels without MemAvailable. */
export function parseMeminfo(text: string): MemInfo {
  const kb = (key: string): number | null => {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const total = kb('MemTotal') ?? 0;
  return { total, available: kb('MemAvailable') ?? kb('MemFree') ?? 0 };
}
