import path from 'node:path';
import type { EmbeddedPostgres } from '../prisma/embedded-postgres';
import type { DevServer } from '../temporal/dev-server';
import type { TimeSkippingServer } from './time-skipping-server';

export const TEST_DATA_DIR = path.resolve(__dirname, '..', '.data', 'test');

/** Environment variables through which the global setup hands its services to test files. */
export const HARNESS_ENV = {
  appUrl: 'ASTOR_TEST_APP_DATABASE_URL',
  adminUrl: 'ASTOR_TEST_ADMIN_DATABASE_URL',
  maintenanceUrl: 'ASTOR_TEST_MAINTENANCE_DATABASE_URL',
  temporalAddress: 'ASTOR_TEST_TEMPORAL_ADDRESS',
  temporalCli: 'ASTOR_TEST_TEMPORAL_CLI',
  timeSkippingAddress: 'ASTOR_TEST_TIME_SKIPPING_ADDRESS',
  bundlePath: 'ASTOR_TEST_WORKFLOW_BUNDLE',
  mediaDir: 'ASTOR_TEST_MEDIA_DIR',
  servicesDir: 'ASTOR_TEST_SERVICES_DIR',
} as const;

export interface HarnessHandles {
  postgres: EmbeddedPostgres;
  temporal: DevServer;
  timeSkipping: TimeSkippingServer;
  database: string;
  bundlePath: string;
  clusterDir: string;
  mediaDir: string;
}

export function harnessValue(key: keyof typeof HARNESS_ENV): string {
  const value = process.env[HARNESS_ENV[key]];
  if (!value) throw new Error(`${HARNESS_ENV[key]} is not set: run tests through jest (npm test)`);
  return value;
}
