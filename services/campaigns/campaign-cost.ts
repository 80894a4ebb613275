import type { CampaignContent } from '../../domain/campaign';
import { isWithinServiceWindow } from '../../domain/messaging';
import { billedCost, costEstimateSchema, estimateCampaignCost, type CostEstimate } from '../../domain/pricing/campaign-cost';
import { CURRENT_PRICE_TABLE, priceTableOf } from '../../domain/pricing/meta-price-tables';
import type { PricedCategory } from '../../domain/pricing/price-table';
import type { TenantTx } from '../../prisma/client';
import type { Campaign } from '../../prisma/generated/client';
import type { AudienceLead } from '../../prisma/repositories/campaign-audience';

/**
 * The category Meta will charge the campaign's messages at: its template's, as the agency's registry
 * holds it (marketing, the dearest, for a template the registry does not know); none for free-form content.
 */
async function categoryOf(tx: TenantTx, content: CampaignContent): Promise<PricedCategory | null> {
  if (content.kind !== 'template') return null;
  const template = await tx.whatsAppTemplate.findFirst({ where: { name: content.name, language: content.language }, select: { category: true } });
  return template?.category ?? 'MARKETING';
}

/**
 * What sending the content to these leads (see loadAudienceLeads) would cost at the current price
 * table: the audience as it stands now, with `maxRecipients`, the first leads the launch snapshot takes.
 */
export async function estimateAudienceCost(tx: TenantTx, leads: Pick<AudienceLead, 'phone' | 'lastInboundAt'>[], content: CampaignContent, now = Date.now()): Promise<CostEstimate> {
  const recipients = leads.map((lead) => ({ phone: lead.phone, inServiceWindow: isWithinServiceWindow(lead.lastInboundAt?.getTime(), now) }));
  return estimateCampaignCost(recipients, await categoryOf(tx, content), CURRENT_PRICE_TABLE);
}

/** The estimate stored at launch, and what Meta's statuses reported as billable so far, priced with the same table. */
export async function findCampaignCost(tx: TenantTx, campaign: Pick<Campaign, 'id' | 'estimatedCost'>) {
  const estimated = campaign.estimatedCost === null ? null : costEstimateSchema.parse(campaign.estimatedCost);
  const billed = await tx.$queryRaw<{ phone: string; pricingCategory: string | null; messages: bigint }[]>`
    SELECT r.phone, m."pricingCategory", count(*) AS messages
    FROM "CampaignRecipient" r JOIN "Message" m ON m.id = r."messageId"
    WHERE r."campaignId" = ${campaign.id}::uuid AND m.billable
    GROUP BY r.phone, m."pricingCategory"`;
  const rows = billed.map((row) => ({ ...row, messages: Number(row.messages) }));
  return { estimated, billable: billedCost(rows, priceTableOf(estimated?.priceTableVersion)) };
}
