import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest CLI whose go.mod has no `replace` directive, so `go install pkg@version` accepts it. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'astor', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function buildWithGo(cacheDir: string, log: (line: string) => void): Promise<string> {
  const go = await onPath('go');
  const goBinary = go ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!goBinary) {
    throw new Error('No Temporal CLI found: set TEMPORAL_CLI, put `temporal` on PATH, or install Go so Astor can build it');
  }
  const staging = `${cacheDir}.building-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (once; several minutes on 2 cores)…`);
  try {
    await run(goBinary, ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' },
      maxBuffer: 64 * 1024 * 1024,
    });
    mkdirSync(cacheDir, { recursive: true });
    renameSync(path.join(staging, 'temporal'), path.join(cacheDir, 'temporal'));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return path.join(cacheDir, 'temporal');
}

/** Finds the Temporal CLI: TEMPORAL_CLI, then PATH, then the cache, else builds it into the cache. */
export async function resolveTemporalCli(explicitPath: string | undefined, log: (line: string) => void): Promise<string> {
  if (explicitPath) {
    if (!existsSync(explicitPath)) throw new Error(`TEMPORAL_CLI points to ${explicitPath}, which does not exist`);
    return explicitPath;
  }
  const fromPath = await onPath('temporal');
  if (fromPath) return fromPath;
  const cached = path.join(temporalCliCacheDir(), 'temporal');
  if (existsSync(cached)) return cached;
  return buildWithGo(temporalCliCacheDir(), log);
}
