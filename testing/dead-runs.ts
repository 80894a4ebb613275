import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { removeEmbeddedPostgres } from '../prisma/embedded-postgres';

/** What one test run keeps under the test data directory, named by its process id. */
export function runFiles(dir: string, pid: number) {
  return {
    clusterDir: path.join(dir, `postgres-${pid}`),
    bundlePath: path.join(dir, `workflow-bundle-${pid}.js`),
    dataDir: path.join(dir, `data-${pid}`),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what runs that died without their teardown left under `dir`. */
export function removeFilesOfDeadRuns(dir: string, alive: (pid: number) => boolean = isAlive): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(/-(\d+)(?:\.js)?$/.exec(entry)?.[1]);
    const files = runFiles(dir, pid);
    const full = path.join(dir, entry);
    if (!(pid > 0 && Object.values(files).includes(full)) || alive(pid)) continue;
    if (full === files.clusterDir) removeEmbeddedPostgres(full);
    else rmSync(full, { recursive: true, force: true });
  }
}
