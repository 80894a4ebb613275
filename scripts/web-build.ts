/**
 * The web app's production build, made once and again only when its sources change: `npm start`
 * and the browser tests serve it, so no page waits for a compile (`npm run dev` keeps hot reload).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');
const webDir = path.join(root, 'web');
const buildDir = path.join(webDir, '.next');
const stampFile = path.join(buildDir, 'astor-sources.sha256');
const lockDir = path.join(webDir, '.next-build.lock');
/** Not what the build reads: its output, the browser tests, and the file Next itself rewrites. */
const IGNORED = new Set(['.next', '.next-build.lock', 'node_modules', 'e2e', 'next-env.d.ts']);
/** Longer than any build: a lock this old was left behind. */
const STALE_LOCK_MS = 15 * 60_000;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.filter((entry) => !IGNORED.has(entry.name)).map((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)])),
  );
  return nested.flat();
}

/** One digest of every source the build reads, with the lockfile standing for the installed Next and React. */
export async function webSourcesDigest(): Promise<string> {
  const files = [...(await sourceFiles(webDir)), path.join(root, 'package-lock.json')].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  return hash.digest('hex');
}

async function currentStamp(): Promise<string | undefined> {
  return existsSync(path.join(buildDir, 'BUILD_ID')) ? readFile(stampFile, 'utf8').catch(() => undefined) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock whose process is gone (Ctrl-C during a build) or that outlived any build. */
async function stale(): Promise<boolean> {
  const pid = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => ''));
  const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  return (pid > 0 && !alive(pid)) || age > STALE_LOCK_MS;
}

/** One build at a time across processes (two browser suites, or a test run beside `npm start`). */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await stale()) await rm(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** Builds the web app unless its last build was made from the same sources; says whether it built. */
export async function ensureWebBuild(say: (line: string) => void = () => {}): Promise<boolean> {
  return withBuildLock(async () => {
    const digest = await webSourcesDigest();
    if ((await currentStamp()) === digest) return false;
    say('building the web app (once per change of its sources)…');
    const nextBin = require.resolve('next/dist/bin/next');
    await promisify(execFile)(process.execPath, [nextBin, 'build'], { cwd: webDir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' }, maxBuffer: 64 * 1024 * 1024 });
    await writeFile(stampFile, digest);
    return true;
  });
}
