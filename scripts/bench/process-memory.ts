import { readFileSync } from 'node:fs';

/** Resident memory of a process in MB (VmRSS of /proc/<pid>/status), or undefined once it is gone. */
export function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** The largest resident memory seen per named process; pids are looked up at each sample (a process may be replaced). */
export class MemoryPeaks {
  private readonly peaks = new Map<string, number>();

  constructor(private readonly pids: Record<string, () => number | undefined>) {}

  sample(): void {
    for (const [name, pidOf] of Object.entries(this.pids)) {
      const mb = residentMb(pidOf());
      if (mb !== undefined) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, mb));
    }
  }

  peak(name: string): number {
    return this.peaks.get(name) ?? NaN;
  }
}
