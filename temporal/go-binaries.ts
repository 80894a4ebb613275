import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Temporal program Astor builds from the Go module proxy with `go install` and keeps outside the repository. */
export interface GoBinary {
  title: string;
  packagePath: string;
  version: string;
  /** The file `go install` writes: the last element of the package path. */
  fileName: string;
  cacheName: string;
}

/** The dev server behind `npm start` and the shared test server: the newest CLI without a `replace` directive. */
export const TEMPORAL_CLI: GoBinary = { title: 'Temporal CLI', packagePath: 'github.com/temporalio/cli/cmd/temporal', version: 'v1.5.1', fileName: 'temporal', cacheName: 'temporal-cli' };

/** The Temporal server itself: the first release with time skipping (`frontend.WorkflowTimeSkippingEnabled`), built with this machine's Go. */
export const TEMPORAL_SERVER: GoBinary = { title: 'Temporal server', packagePath: 'go.temporal.io/server/cmd/server', version: 'v1.32.0', fileName: 'server', cacheName: 'temporal-server' };

/** Creates and upgrades the server's schemas in PostgreSQL (temporal-sql-tool), from the same release. */
export const TEMPORAL_SQL_TOOL: GoBinary = { title: 'Temporal SQL tool', packagePath: 'go.temporal.io/server/cmd/tools/sql', version: TEMPORAL_SERVER.version, fileName: 'sql', cacheName: 'temporal-sql-tool' };

export function goBinaryCacheDir(binary: GoBinary, env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'astor', `${binary.cacheName}-${binary.version}`);
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function goCommand(): string {
  const go = onPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) throw new Error('Go is not installed: install it so Astor can build the Temporal binaries, or point TEMPORAL_CLI / TEMPORAL_SERVER at them');
  return go;
}

async function buildWithGo(binary: GoBinary, log: (line: string) => void): Promise<string> {
  const cacheDir = goBinaryCacheDir(binary);
  const staging = `${cacheDir}.building-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  log(`building the ${binary.title} ${binary.version} with Go (once; several minutes on 2 cores)…`);
  try {
    await run(goCommand(), ['install', `${binary.packagePath}@${binary.version}`], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' },
      maxBuffer: 64 * 1024 * 1024,
    });
    mkdirSync(cacheDir, { recursive: true });
    renameSync(path.join(staging, binary.fileName), path.join(cacheDir, binary.fileName));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return path.join(cacheDir, binary.fileName);
}

/** The explicit path when given, else the cached build, else builds it into the cache. */
export async function resolveGoBinary(binary: GoBinary, explicitPath: string | undefined, log: (line: string) => void): Promise<string> {
  if (explicitPath) {
    if (!existsSync(explicitPath)) throw new Error(`The ${binary.title} path ${explicitPath} does not exist`);
    return explicitPath;
  }
  const cached = path.join(goBinaryCacheDir(binary), binary.fileName);
  if (existsSync(cached)) return cached;
  return buildWithGo(binary, log);
}

/** TEMPORAL_CLI, then `temporal` on PATH, then the cache, else a build. */
export function resolveTemporalCli(explicitPath: string | undefined, log: (line: string) => void): Promise<string> {
  return resolveGoBinary(TEMPORAL_CLI, explicitPath ?? onPath(TEMPORAL_CLI.fileName), log);
}
