import type { Audience } from '../../domain/campaign';
import type { TenantTx } from '../client';
import { Prisma } from '../generated/client';
import { audienceCondition } from './campaign-audience';

const DAY_MS = 86_400_000;

/**
 * The leads that business-initiated messages reached in the rolling 24 h before `now`, as Meta counts
 * them against the messaging limit. Message rows do not say who started a conversation, so this reads
 * it from what Meta enforces: outside a contact's 24 h service window only a template can be sent, and a
 * template sent inside it is a reply that does not count. So: Business API templates (campaigns,
 * automations, agents) not failed, to a lead with no inbound Business API message in the 24 h before the
 * send. A lead is the user: its phone is unique in the agency.
 */
function reachedLeads(now: Date): Prisma.Sql {
  const since = new Date(now.getTime() - DAY_MS);
  return Prisma.sql`
    SELECT m."leadId" FROM "Message" m
    WHERE m.direction = 'OUTBOUND' AND m.channel = 'WHATSAPP_CLOUD' AND m.type = 'TEMPLATE' AND m.status <> 'FAILED'
      AND m."createdAt" > ${new Date(since.getTime() - DAY_MS)} AND COALESCE(m."sentAt", m."createdAt") > ${since}
      AND NOT EXISTS (
        SELECT 1 FROM "Message" i
        WHERE i."tenantId" = m."tenantId" AND i."leadId" = m."leadId" AND i.direction = 'INBOUND' AND i.channel = 'WHATSAPP_CLOUD'
          AND COALESCE(i."sentAt", i."createdAt") <= COALESCE(m."sentAt", m."createdAt")
          AND COALESCE(i."sentAt", i."createdAt") > COALESCE(m."sentAt", m."createdAt") - interval '24 hours')`;
}

/** Unique users the agency's business-initiated messages reached in the rolling last 24 h. */
export async function countBusinessInitiatedRecipients(tx: TenantTx, now = new Date()): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(DISTINCT r."leadId") AS n FROM (${reachedLeads(now)}) r`;
  return Number(row!.n);
}

/**
 * Leads of the audience a template sent now would not count again: reached already in the rolling 24 h,
 * or inside their service window (they wrote in the last 24 h).
 */
export async function countAudienceOutsideLimit(tx: TenantTx, audience: Audience, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - DAY_MS);
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Lead" l
    WHERE ${audienceCondition(audience, now.getTime())}
      AND (l.id IN (${reachedLeads(now)})
        OR EXISTS (SELECT 1 FROM "Message" i WHERE i."tenantId" = l."tenantId" AND i."leadId" = l.id AND i.direction = 'INBOUND'
                     AND i.channel = 'WHATSAPP_CLOUD' AND COALESCE(i."sentAt", i."createdAt") > ${since}))`;
  return Number(row!.n);
}
