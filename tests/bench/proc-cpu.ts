/**
 * CPU time of a process on this machine, for benchmarks that report where the
 * CPU went (the Neo4j server's, next to Node's own `process.cpuUsage()`).
 */
import { readFileSync } from 'node:fs';

/** CPU seconds a process has used (user + system), from /proc (Linux). Throws when the process or /proc is absent. */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", utime and stime are fields 12 and 13 (0-based 11, 12), in clock ticks (100 Hz on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
