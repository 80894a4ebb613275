import type { CampaignContent } from '../../domain/campaign';
import { describeFrequencyCap, FREQUENCY_CAP_SKIP } from '../../domain/marketing-cap';
import type { TenantTx } from '../../prisma/client';
import { findFrequencyCapped } from '../../prisma/repositories/lead-send-frequency';
import { describeSkip, loadContentContext, renderForLead, type RecipientLead } from '../messages/campaign-content';

export interface AudienceReach {
  /** Leads the message goes to: anyone for a template; free text, cards and voice notes only inside the 24 h window. */
  reached: number;
  /** Leads left out before sending, by reason (`outside_service_window`, `missing_variable:<field>`, `frequency_cap`), most first. */
  skipped: { reason: string; count: number; description: string }[];
}

/**
 * Who of these leads (see loadAudienceLeads) the content reaches and who it skips and why, lead by lead
 * as the campaign will render it, and the agency's cap on marketing messages per lead as it stands
 * now: the same rules as sending.
 */
export async function findAudienceReach<Lead extends RecipientLead>(tx: TenantTx, tenantId: string, leads: Lead[], content: CampaignContent, now = Date.now()): Promise<AudienceReach & { reachedLeads: Lead[] }> {
  const context = await loadContentContext(tx, tenantId, content);
  const capped = await findFrequencyCapped(tx, { tenantId, campaignId: null, content, leadIds: leads.map((lead) => lead.id), now });
  const skipped = new Map<string, number>();
  const reachedLeads: Lead[] = [];
  for (const lead of leads) {
    const rendered = capped?.leadIds.has(lead.id) ? ({ kind: 'skip', reason: FREQUENCY_CAP_SKIP } as const) : renderForLead(content, lead, context, now);
    if (rendered.kind === 'skip') skipped.set(rendered.reason, (skipped.get(rendered.reason) ?? 0) + 1);
    else reachedLeads.push(lead);
  }
  return {
    reached: reachedLeads.length,
    reachedLeads,
    skipped: [...skipped]
      .sort(([, a], [, b]) => b - a)
      .map(([reason, count]) => ({ reason, count, description: reason === FREQUENCY_CAP_SKIP && capped ? describeFrequencyCap(capped.cap) : describeSkip(reason) })),
  };
}
