import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../testing/free-port';
import { removeEmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

// As root the server runs as user postgres, which cannot enter a directory of mode 700 such as /root.
const asRoot = process.getuid?.() === 0 ? it : it.skip;

describe('embedded PostgreSQL started by root', () => {
  let privateDir: string;
  beforeAll(() => {
    privateDir = mkdtempSync(path.join(os.tmpdir(), 'astor-private-'));
    chmodSync(privateDir, 0o700);
  });
  afterAll(() => rmSync(privateDir, { recursive: true, force: true }));

  asRoot('runs with its data directory where user postgres cannot go, and is removed without a trace', async () => {
    const dir = path.join(privateDir, 'postgres');
    const server = await startEmbeddedPostgres(dir, await freePort(), () => undefined);
    try {
      const client = new Client({ connectionString: server.adminUrl('postgres') });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await server.stop();
    }
    expect(server.clusterDir.startsWith(privateDir)).toBe(false);
    removeEmbeddedPostgres(dir);
    expect(existsSync(server.clusterDir)).toBe(false);
  });
});
