import { proxyActivities } from '@temporalio/workflow';
import type { TemplateSyncActivities } from '../activities/template-sync.activities';
import type { TemplateSyncInput, TemplateSyncResult } from './template-sync.contract';
import { bounded } from './retry-policies';

const { syncTemplates } = proxyActivities<TemplateSyncActivities>({ startToCloseTimeout: '2 minutes', retry: bounded(5) });

/** One agency's template statuses and quality read from Meta: started by the sync button and by an hourly Schedule. */
export async function templateSyncWorkflow(input: TemplateSyncInput): Promise<TemplateSyncResult> {
  return syncTemplates(input);
}
