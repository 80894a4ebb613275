import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureDatabaseRoles } from './roles';

const prismaCli = require.resolve('prisma/build/index.js');
const projectRoot = path.resolve(__dirname, '..');

/** Creates the roles and applies the committed migrations with `prisma migrate deploy` as the owner. */
export async function migrateDatabase(adminUrl: string): Promise<void> {
  await ensureDatabaseRoles(adminUrl);
  await new Promise<void>((resolve, reject) => {
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
