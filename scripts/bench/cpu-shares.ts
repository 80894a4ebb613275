import { readdirSync, readFileSync } from 'node:fs';

/** Linux clock ticks per second (USER_HZ), which /proc reports CPU times in. */
const TICKS_PER_SECOND = 100;

export type CpuGroup = 'api' | 'worker' | 'postgres' | 'temporal' | 'bench' | 'other';
export const CPU_GROUPS: readonly CpuGroup[] = ['api', 'worker', 'postgres', 'temporal', 'bench', 'other'];

interface ProcessTime {
  group: CpuGroup;
  seconds: number;
}

function groupOf(pid: number, command: string, pids: Partial<Record<'api' | 'worker', number>>): CpuGroup {
  if (pid === pids.api) return 'api';
  if (pid === pids.worker) return 'worker';
  if (pid === process.pid) return 'bench';
  if (command === 'postgres') return 'postgres';
  if (command.startsWith('temporal')) return 'temporal';
  return 'other';
}

/** CPU seconds (user + system, all threads) of every process now, by pid. */
function snapshot(pids: Partial<Record<'api' | 'worker', number>>): Map<number, ProcessTime> {
  const times = new Map<number, ProcessTime>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(pid, { group: groupOf(pid, command, pids), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return times;
}

/**
 * Where the machine's CPU went over a window, in cores, by process group: the API, the worker, the
 * bench itself (load generator and observers), PostgreSQL's processes and the Temporal server.
 * Processes that end inside the window are not counted.
 */
export class CpuWindow {
  private readonly before: Map<number, ProcessTime>;
  private readonly startedAt = performance.now();

  constructor(private readonly pids: () => Partial<Record<'api' | 'worker', number>>) {
    this.before = snapshot(pids());
  }

  end(): Record<CpuGroup, number> {
    const after = snapshot(this.pids());
    const seconds = (performance.now() - this.startedAt) / 1000;
    const cores = Object.fromEntries(CPU_GROUPS.map((group) => [group, 0])) as Record<CpuGroup, number>;
    for (const [pid, now] of after) cores[now.group] += (now.seconds - (this.before.get(pid)?.seconds ?? 0)) / seconds;
    return cores;
  }
}
