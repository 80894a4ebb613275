import { proxyActivities } from '@temporalio/workflow';
import type { SystemActivities } from '../activities/system.activities';
import { bounded } from './retry-policies';

const { checkDatabase } = proxyActivities<SystemActivities>({
  startToCloseTimeout: '10 seconds',
  retry: bounded(3),
});

/** Proves the whole chain: client → Temporal → worker → activity → PostgreSQL. */
export async function smokeWorkflow(greeting: string): Promise<string> {
  const database = await checkDatabase();
  return `${greeting}: ${database}`;
}
