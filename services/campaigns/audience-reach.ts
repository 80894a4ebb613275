import type { Audience, CampaignContent } from '../../domain/campaign';
import type { TenantTx } from '../../prisma/client';
import { Prisma } from '../../prisma/generated/client';
import { audienceCondition, recipientOrder } from '../../prisma/repositories/campaign-audience';
import { describeSkip, loadContentContext, renderForLead, type RecipientLead } from '../messages/campaign-content';

export interface AudienceReach {
  /** Leads the message goes to: anyone for a template; free text, cards and voice notes only inside the 24 h window. */
  reached: number;
  /** Leads left out before sending, by reason (`outside_service_window`, `missing_variable:<field>`), most first. */
  skipped: { reason: string; count: number; description: string }[];
}

/**
 * Who of the audience the content reaches and who it skips and why, lead by lead as the campaign will
 * render it (the same rules as sending, on the same leads: the audience in its snapshot order and cap).
 * The agency's marketing frequency cap is applied at send time and is not counted here.
 */
export async function findAudienceReach(tx: TenantTx, tenantId: string, audience: Audience, content: CampaignContent, options: { maxRecipients?: number | null; now?: number } = {}): Promise<AudienceReach> {
  const now = options.now ?? Date.now();
  const order = options.maxRecipients ? recipientOrder(options.maxRecipients) : Prisma.empty;
  const leads = await tx.$queryRaw<RecipientLead[]>`SELECT l.id, l.name, l."searchZone", l."lastInboundAt" FROM "Lead" l WHERE ${audienceCondition(audience, now)} ${order}`;
  const context = await loadContentContext(tx, tenantId, content);
  const skipped = new Map<string, number>();
  let reached = 0;
  for (const lead of leads) {
    const rendered = renderForLead(content, lead, context, now);
    if (rendered.kind === 'skip') skipped.set(rendered.reason, (skipped.get(rendered.reason) ?? 0) + 1);
    else reached += 1;
  }
  return {
    reached,
    skipped: [...skipped].sort(([, a], [, b]) => b - a).map(([reason, count]) => ({ reason, count, description: describeSkip(reason) })),
  };
}
