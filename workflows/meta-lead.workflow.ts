import { proxyActivities } from '@temporalio/workflow';
import type { MetaLeadActivities } from '../activities/meta-lead.activities';
import type { MetaLeadInput, MetaLeadOutcome } from './meta-lead.contract';
import { patient } from './retry-policies';

// Graph may be down or slow for a while: keep trying for about a day, as Meta keeps the lead for 90 days.
const { readMetaLead, submitMetaLead } = proxyActivities<MetaLeadActivities>({ startToCloseTimeout: '30 seconds', retry: patient });

/** A lead-ads submission: its answers are read from Graph and handed to the contact's intake workflow. */
export async function metaLeadWorkflow(input: MetaLeadInput): Promise<MetaLeadOutcome> {
  const lead = await readMetaLead(input);
  if (lead.outcome === 'skipped') return lead;
  await submitMetaLead({ tenantId: input.tenantId, phone: lead.phone, submission: lead.submission });
  return { outcome: 'submitted', phone: lead.phone };
}
