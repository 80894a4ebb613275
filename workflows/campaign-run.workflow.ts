import { executeChild, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { CampaignRunActivities } from '../activities/campaign-run.activities';
import { SEARCH_ATTRIBUTES, workflowIds } from '../domain/temporal-contracts';
import type { CampaignWorkflowInput } from './campaign.contract';
import { campaignWorkflow } from './campaign.workflow';
import type { CampaignRunInput, CampaignRunOutcome } from './campaign-run.contract';
import { bounded } from './retry-policies';

const { openCampaignRun } = proxyActivities<CampaignRunActivities>({ startToCloseTimeout: '30 seconds', retry: bounded(10) });

/**
 * One firing of a recurring campaign's Temporal Schedule: a new run (a campaign of its own, with
 * the parent's audience taken anew) is opened and carried to its end, so the schedule's overlap
 * policy skips a firing while the previous run still sends.
 */
export async function campaignRunWorkflow({ tenantId, parentId }: CampaignRunInput): Promise<CampaignRunOutcome> {
  const opening = await openCampaignRun({ tenantId, parentId, campaignId: uuid4() });
  if (opening.action === 'skip') return { outcome: 'skipped', reason: opening.reason };
  const { campaignId } = opening;
  const input: CampaignWorkflowInput = { tenantId, campaignId };
  const progress = await executeChild(campaignWorkflow, {
    workflowId: workflowIds.campaign(tenantId, campaignId),
    args: [input],
    searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [campaignId] },
  });
  return { outcome: progress.status === 'CANCELLED' ? 'cancelled' : progress.status === 'FAILED' ? 'failed' : 'completed', campaignId };
}
