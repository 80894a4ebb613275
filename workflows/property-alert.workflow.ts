import { ActivityFailure, ParentClosePolicy, proxyActivities, startChild, uuid4 } from '@temporalio/workflow';
import type { PropertyAlertActivities } from '../activities/property-alert.activities';
import { SEARCH_ATTRIBUTES, workflowIds } from '../domain/temporal-contracts';
import { campaignWorkflow } from './campaign.workflow';
import type { CampaignWorkflowInput } from './campaign.contract';
import type { PropertyAlertInput, PropertyAlertOutcome } from './property-alert.contract';
import { bounded } from './retry-policies';

const { openPropertyAlert } = proxyActivities<PropertyAlertActivities>({ startToCloseTimeout: '1 minute', retry: bounded(10) });

/**
 * A new listing or a price drop, turned into an automatic campaign that runs on its own: this
 * workflow only opens it and starts it, so cancelling the campaign (the property was withdrawn)
 * is the campaign's usual cancel.
 */
export async function propertyAlertWorkflow(input: PropertyAlertInput): Promise<PropertyAlertOutcome> {
  const campaignId = uuid4();
  let opening;
  try {
    opening = await openPropertyAlert({ ...input, campaignId });
  } catch (error) {
    if (error instanceof ActivityFailure) return { outcome: 'failed' };
    throw error;
  }
  if (opening.action === 'skip') return { outcome: opening.reason };
  const campaign: CampaignWorkflowInput = { tenantId: input.tenantId, campaignId };
  await startChild(campaignWorkflow, {
    workflowId: workflowIds.campaign(input.tenantId, campaignId),
    args: [campaign],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [input.tenantId], [SEARCH_ATTRIBUTES.entityId]: [campaignId] },
  });
  return { outcome: 'campaign_started', campaignId };
}
