import type { Audience } from '../../domain/campaign';
import { MESSAGING_LIMIT_WINDOW_MS } from '../../domain/messaging-limit';
import type { TenantTx } from '../client';
import { Prisma } from '../generated/client';
import { audienceCondition } from './campaign-audience';

/** Meta's customer service window: a contact who wrote within it may get any message, and a template then is a reply. */
const SERVICE_WINDOW_MS = 86_400_000;

/**
 * The sends that count against the messaging limit in the rolling window before `now`, as Meta counts
 * them: `leadId` and `at`, when each was sent. Message rows do not say who started a conversation, so
 * this reads it from what Meta enforces: outside a contact's 24 h service window only a template can be
 * sent, and a template sent inside it is a reply that does not count. So: Business API templates
 * (campaigns, automations, agents) not failed, to a lead with no inbound Business API message in the
 * 24 h before the send. A lead is the user: its phone is unique in the agency.
 */
function countedSends(now: Date, windowMs: number): Prisma.Sql {
  const since = new Date(now.getTime() - windowMs);
  return Prisma.sql`
    SELECT m."leadId", COALESCE(m."sentAt", m."createdAt") AS at FROM "Message" m
    WHERE m.direction = 'OUTBOUND' AND m.channel = 'WHATSAPP_CLOUD' AND m.type = 'TEMPLATE' AND m.status <> 'FAILED'
      AND m."createdAt" > ${new Date(since.getTime() - SERVICE_WINDOW_MS)} AND COALESCE(m."sentAt", m."createdAt") > ${since}
      AND NOT EXISTS (
        SELECT 1 FROM "Message" i
        WHERE i."tenantId" = m."tenantId" AND i."leadId" = m."leadId" AND i.direction = 'INBOUND' AND i.channel = 'WHATSAPP_CLOUD'
          AND COALESCE(i."sentAt", i."createdAt") <= COALESCE(m."sentAt", m."createdAt")
          AND COALESCE(i."sentAt", i."createdAt") > COALESCE(m."sentAt", m."createdAt") - interval '24 hours')`;
}

/** Leads (`l`) a template sent now would not count again: reached already in the window, or inside their service window. */
function outsideLimit(now: Date, windowMs: number): Prisma.Sql {
  return Prisma.sql`(l.id IN (SELECT s."leadId" FROM (${countedSends(now, windowMs)}) s)
    OR EXISTS (SELECT 1 FROM "Message" i WHERE i."tenantId" = l."tenantId" AND i."leadId" = l.id AND i.direction = 'INBOUND'
                 AND i.channel = 'WHATSAPP_CLOUD' AND COALESCE(i."sentAt", i."createdAt") > ${new Date(now.getTime() - SERVICE_WINDOW_MS)}))`;
}

/** Unique users the agency's business-initiated messages reached in the rolling window (24 h) before `now`. */
export async function countBusinessInitiatedRecipients(tx: TenantTx, now = new Date(), windowMs = MESSAGING_LIMIT_WINDOW_MS): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(DISTINCT s."leadId") AS n FROM (${countedSends(now, windowMs)}) s`;
  return Number(row!.n);
}

/**
 * Business API templates claimed since `since`, whoever they went to: an upper bound on the users
 * they added to the count. Cheap (the agency's newest messages by index), unlike the count itself.
 */
export async function countTemplatesSince(tx: TenantTx, since: Date): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Message"
    WHERE "tenantId" = current_setting('app.tenant_id')::uuid AND "createdAt" >= ${since}
      AND direction = 'OUTBOUND' AND channel = 'WHATSAPP_CLOUD' AND type = 'TEMPLATE'`;
  return Number(row!.n);
}

/** Leads of the audience a template sent now would not count again. */
export async function countAudienceOutsideLimit(tx: TenantTx, audience: Audience, now = new Date(), windowMs = MESSAGING_LIMIT_WINDOW_MS): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Lead" l WHERE ${audienceCondition(audience, now.getTime())} AND ${outsideLimit(now, windowMs)}`;
  return Number(row!.n);
}

/** Which of these leads a template sent now would not count again. */
export async function leadsOutsideLimit(tx: TenantTx, leadIds: string[], now: Date, windowMs = MESSAGING_LIMIT_WINDOW_MS): Promise<Set<string>> {
  if (leadIds.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT l.id FROM "Lead" l WHERE l.id = ANY(${leadIds}::uuid[]) AND ${outsideLimit(now, windowMs)}`;
  return new Set(rows.map((row) => row.id));
}

/** When the next counted user leaves the window (the lead whose latest counted send is the oldest); null when none counts. */
export async function nextLimitRelease(tx: TenantTx, now: Date, windowMs = MESSAGING_LIMIT_WINDOW_MS): Promise<Date | null> {
  const [row] = await tx.$queryRaw<{ at: Date | null }[]>`
    SELECT min(latest) AS at FROM (SELECT max(s.at) AS latest FROM (${countedSends(now, windowMs)}) s GROUP BY s."leadId") r`;
  return row?.at ? new Date(row.at.getTime() + windowMs) : null;
}
