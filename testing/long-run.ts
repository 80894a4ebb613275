import { Cleanups } from './cleanups';
import globalSetup from './global-setup';
import globalTeardown from './global-teardown';

/** A line stamped with the time of day, as benches and the kill matrix report their progress. */
export const logLine = (line: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/**
 * Runs a bench or the kill matrix on the test harness's PostgreSQL and Temporal: started first, then
 * stopped with everything `work` registered, newest first, when it ends, fails or is interrupted (Ctrl-C).
 */
export async function withHarness<T>(what: string, work: (cleanups: Cleanups) => Promise<T>): Promise<T> {
  const cleanups = new Cleanups();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logLine(`${signal}: stopping everything the ${what} started…`);
      void cleanups.runAll().finally(() => process.exit(130));
    });
  }
  try {
    logLine('starting PostgreSQL, the Temporal servers and the workflow bundle…');
    await globalSetup();
    cleanups.add('PostgreSQL and Temporal', globalTeardown);
    return await work(cleanups);
  } finally {
    await cleanups.runAll();
  }
}
