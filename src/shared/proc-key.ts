/**
 * A process's identity across PID reuse: its pid and its start time (clock ticks after boot,
 * /proc/<pid>/stat field 22). Every map, set and React key of processes uses this one form.
 */
export function procKey(pid: number, startTime: number): string {
  return `${pid}:${startTime}`;
}
