import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ensureDatabaseRoles } from './roles';

const prismaCli = require.resolve('prisma/build/index.js');
const projectRoot = path.resolve(__dirname, '..');

const routinesDir = path.join(__dirname, 'routines');
/** Raw webhook deliveries are kept this many days unless the deployment says otherwise (see the relay's upkeep). */
export const DEFAULT_WEBHOOK_RETENTION_DAYS = 7;

/**
 * Creates the roles, applies the committed migrations with `prisma migrate deploy` as the owner,
 * then replaces the routines (functions and triggers with several statements, which Prisma's
 * migration engine would split at every semicolon) and runs the inbox upkeep once.
 */
export async function migrateDatabase(adminUrl: string): Promise<void> {
  await ensureDatabaseRoles(adminUrl);
  await deployMigrations(adminUrl);
  await applyRoutines(adminUrl);
}

async function applyRoutines(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const file of readdirSync(routinesDir).filter((name) => name.endsWith('.sql')).sort()) {
      await client.query(readFileSync(path.join(routinesDir, file), 'utf8'));
    }
    await client.query('SELECT astor_inbox_maintenance($1)', [DEFAULT_WEBHOOK_RETENTION_DAYS]);
  } finally {
    await client.end();
  }
}

function deployMigrations(adminUrl: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      // The schema's datasource reads DATABASE_URL even though the adapter in prisma.config.ts connects.
      env: { ...process.env, DATABASE_ADMIN_URL: adminUrl, DATABASE_URL: adminUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`)),
    );
  });
}
