/** /proc/uptime: seconds since boot, and idle seconds summed over all cores. */
export function parseUptime(text: string): { uptimeS: number; idleS: number } | null {
  const [a, b] = text.trim().split(/\s+/);
  const up = Number(a);
  const idle = Number(b);
  if (!a || !Number.isFinite(up)) return null;
  return { uptimeS: up, idleS: Number.isFinite(idle) ? idle : 0 };
}
