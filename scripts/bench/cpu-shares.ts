import { processStat, runningPids } from './process-cpu';

export type CpuGroup = 'api' | 'worker' | 'postgres' | 'temporal' | 'bench' | 'other';
export const CPU_GROUPS: readonly CpuGroup[] = ['api', 'worker', 'postgres', 'temporal', 'bench', 'other'];

type ServicePids = Partial<Record<'api' | 'worker', number>>;

function groupOf(pid: number, command: string, pids: ServicePids): CpuGroup {
  if (pid === pids.api) return 'api';
  if (pid === pids.worker) return 'worker';
  if (pid === process.pid) return 'bench';
  if (command === 'postgres') return 'postgres';
  if (command.startsWith('temporal')) return 'temporal';
  return 'other';
}

/** CPU seconds of every process now, by pid, with the group it counts in. */
function snapshot(pids: ServicePids): Map<number, { group: CpuGroup; seconds: number }> {
  const times = new Map<number, { group: CpuGroup; seconds: number }>();
  for (const pid of runningPids()) {
    const stat = processStat(pid);
    if (stat) times.set(pid, { group: groupOf(pid, stat.command, pids), seconds: stat.seconds });
  }
  return times;
}

/**
 * Where the machine's CPU went over a window, in cores, by process group: the API, the worker, the
 * bench itself (load generator and observers), PostgreSQL's processes and the Temporal server.
 * Processes that end inside the window are not counted.
 */
export class CpuWindow {
  private readonly before: Map<number, { group: CpuGroup; seconds: number }>;
  private readonly startedAt = performance.now();

  constructor(private readonly pids: () => ServicePids) {
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
