import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDatabaseIfMissing, startEmbeddedPostgres } from '../prisma/embedded-postgres';
import { migrateDatabase } from '../prisma/migrate';
import { resolveGoBinary, resolveTemporalCli, TEMPORAL_SERVER } from '../temporal/go-binaries';
import { startDevServer } from '../temporal/dev-server';
import { bundleWorkflows } from '../temporal/worker';
import { buildServices } from '../scripts/service-build';
import { removeFilesOfDeadRuns, runFiles } from './dead-runs';
import { freePort } from './free-port';
import { HARNESS_ENV, TEST_DATA_DIR, type HarnessHandles } from './harness-env';
import { startTimeSkippingServer } from './time-skipping-server';

/**
 * Starts what every integration test shares: one embedded PostgreSQL with a fresh database for
 * this run, one in-memory Temporal dev server, one in-memory Temporal server with time skipping
 * (for workflow tests on Temporal's clock), one workflow bundle, and the API and worker built as
 * `npm start` runs them (for tests that run them as processes). Tests read the addresses
 * from the environment (see harness-env.ts).
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => {
    if (process.env.ASTOR_TEST_VERBOSE) console.log(line);
  };
  const [pgPort, temporalPort, httpPort, metricsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  // Each run owns throw-away files so concurrent runs never share (or stop) one another's server.
  removeFilesOfDeadRuns(TEST_DATA_DIR);
  const { clusterDir, bundlePath, dataDir } = runFiles(TEST_DATA_DIR, process.pid);
  const servicesDir = path.join(dataDir, 'services');
  const [postgres, cliPath, serverPath, bundle] = await Promise.all([
    startEmbeddedPostgres(clusterDir, pgPort, log),
    resolveTemporalCli(process.env.TEMPORAL_CLI, (line) => console.log(line)),
    resolveGoBinary(TEMPORAL_SERVER, process.env.TEMPORAL_SERVER, (line) => console.log(line)),
    bundleWorkflows(path.join(__dirname, 'workflows.ts')),
    buildServices(servicesDir),
  ]);
  const database = `astor_test_${Date.now()}_${process.pid}`;
  await createDatabaseIfMissing(postgres.adminUrl('postgres'), database);
  const adminUrl = postgres.adminUrl(database);
  await migrateDatabase(adminUrl);
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`ALTER ROLE astor_app WITH LOGIN PASSWORD '${postgres.appPassword}'`);
  await admin.end();

  const [temporal, timeSkipping] = await Promise.all([
    startDevServer({ cliPath, port: temporalPort, httpPort, metricsPort, namespace: 'default', onLog: log }),
    startTimeSkippingServer(serverPath, path.join(dataDir, 'time-skipping'), log),
  ]);
  // Laid out as ASTOR_DATA_DIR/media, so the API (reading config.mediaDir) and test workers share the audio.
  const mediaDir = path.join(dataDir, 'media');
  writeFileSync(bundlePath, bundle.code);

  Object.assign(process.env, {
    [HARNESS_ENV.appUrl]: postgres.appUrl(database),
    [HARNESS_ENV.adminUrl]: adminUrl,
    [HARNESS_ENV.maintenanceUrl]: postgres.adminUrl('postgres'),
    [HARNESS_ENV.temporalAddress]: temporal.address,
    [HARNESS_ENV.temporalCli]: cliPath,
    [HARNESS_ENV.timeSkippingAddress]: timeSkipping.address,
    [HARNESS_ENV.bundlePath]: bundlePath,
    [HARNESS_ENV.mediaDir]: mediaDir,
    [HARNESS_ENV.servicesDir]: servicesDir,
  });
  const handles: HarnessHandles = { postgres, temporal, timeSkipping, database, bundlePath, clusterDir, mediaDir };
  (globalThis as { __astorHarness?: HarnessHandles }).__astorHarness = handles;
}
