import path from 'node:path';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { removeEmbeddedPostgres } from '../prisma/embedded-postgres';
import { HARNESS_ENV, type HarnessHandles } from './harness-env';

export default async function globalTeardown(): Promise<void> {
  const handles = (globalThis as { __astorHarness?: HarnessHandles }).__astorHarness;
  if (!handles) return;
  await Promise.all([handles.temporal.stop(), handles.timeSkipping.stop()]);
  const admin = new Client({ connectionString: process.env[HARNESS_ENV.maintenanceUrl] });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${handles.database}" WITH (FORCE)`);
  await admin.end();
  await handles.postgres.stop();
  removeEmbeddedPostgres(handles.clusterDir);
  rmSync(handles.bundlePath, { force: true });
  rmSync(path.dirname(handles.mediaDir), { recursive: true, force: true });
}
