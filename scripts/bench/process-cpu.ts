import { readdirSync, readFileSync } from 'node:fs';

/** Linux clock ticks per second (USER_HZ), which /proc reports CPU times in. */
const TICKS_PER_SECOND = 100;

/** A process's command name and the CPU seconds (user + system, all threads) it has used, from /proc/<pid>/stat; undefined once it is gone. */
export function processStat(pid: number): { command: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3: utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Every running process's pid. */
export function runningPids(): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
}

/** CPU seconds a process has used so far, or NaN once it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  return pid === undefined ? NaN : (processStat(pid)?.seconds ?? NaN);
}
