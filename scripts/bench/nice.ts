import { readdirSync } from 'node:fs';
import os from 'node:os';
import { processStat, runningPids } from './process-cpu';

/**
 * Linux keeps a nice value per thread, and os.setPriority(pid) sets the main thread's only: every
 * thread of the process is reniced (V8's, libuv's, the Temporal SDK's Rust threads, Go's), and the
 * threads they start later inherit it.
 */
export function reniceProcess(pid: number, nice: number): void {
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      os.setPriority(Number(tid), nice);
    } catch {
      // The thread ended since the listing.
    }
  }
}

/** Running processes whose command name starts with `prefix` (such as the Temporal servers). */
export function processesNamed(prefix: string): number[] {
  return runningPids().filter((pid) => processStat(pid)?.command.startsWith(prefix));
}
