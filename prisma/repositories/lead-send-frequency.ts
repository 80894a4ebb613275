import type { CampaignContent } from '../../domain/campaign';
import type { FrequencyCapped, MarketingCap } from '../../domain/marketing-cap';
import { readTenantSettings } from '../../domain/tenant-settings';
import type { TenantTx } from '../client';
import { Prisma } from '../generated/client';

const uuids = (ids: string[]) => Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));

/**
 * Of these leads, those already sent at least `messages` marketing templates (their template is of
 * the MARKETING category) in the `days` days before `now`, by any campaign but `campaignId` or by an
 * automation. A message counts once it went to the provider and did not fail.
 */
export async function leadsAtMarketingCap(tx: TenantTx, leadIds: string[], cap: MarketingCap, now: Date, campaignId: string | null): Promise<Set<string>> {
  if (leadIds.length === 0) return new Set();
  const since = new Date(now.getTime() - cap.days * 86_400_000);
  const rows = await tx.$queryRaw<{ leadId: string }[]>`
    SELECT m."leadId" FROM "Message" m
    JOIN "WhatsAppTemplate" t ON t."tenantId" = m."tenantId" AND t.name = m.content->>'name' AND t.language = m.content->>'language' AND t.category = 'MARKETING'
    WHERE m."leadId" IN (${uuids(leadIds)}) AND m.direction = 'OUTBOUND' AND m.type = 'TEMPLATE' AND m.status <> 'FAILED'
      AND (m."providerMessageId" IS NOT NULL OR m."sendAttemptedAt" IS NOT NULL)
      AND (${campaignId}::uuid IS NULL OR m."campaignId" IS DISTINCT FROM ${campaignId}::uuid) AND COALESCE(m."sentAt", m."createdAt") > ${since}
    GROUP BY m."leadId" HAVING count(*) >= ${cap.messages}`;
  return new Set(rows.map((row) => row.leadId));
}

/** Of these leads, those any outbound WhatsApp message (but `campaignId`'s) went to, or was going to, after `since`. */
export async function leadsMessagedSince(tx: TenantTx, leadIds: string[], since: Date, campaignId: string): Promise<Set<string>> {
  if (leadIds.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ leadId: string }[]>`
    SELECT DISTINCT m."leadId" FROM "Message" m
    WHERE m."leadId" IN (${uuids(leadIds)}) AND m.direction = 'OUTBOUND' AND m.channel IN ('WHATSAPP_CLOUD', 'WHATSAPP_WEB') AND m.status <> 'FAILED'
      AND m."campaignId" IS DISTINCT FROM ${campaignId}::uuid AND COALESCE(m."sentAt", m."sendAttemptedAt") > ${since}`;
  return new Set(rows.map((row) => row.leadId));
}

/**
 * For a marketing template and an agency with a cap: the cap, and which of these leads it already
 * reached (messages of `campaignId` itself not counted; all of them for an audience not sent yet).
 */
export async function findFrequencyCapped(
  tx: TenantTx,
  batch: { tenantId: string; campaignId: string | null; content: CampaignContent; leadIds: string[]; now: number },
): Promise<FrequencyCapped | undefined> {
  const { tenantId, content } = batch;
  if (content.kind !== 'template') return undefined;
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true, locale: true } });
  const cap = readTenantSettings(tenant.settings, tenant.locale).marketingCap;
  if (!cap) return undefined;
  const template = await tx.whatsAppTemplate.findUnique({ where: { tenantId_name_language: { tenantId, name: content.name, language: content.language } }, select: { category: true } });
  if (template?.category !== 'MARKETING') return undefined;
  return { cap, leadIds: await leadsAtMarketingCap(tx, batch.leadIds, cap, new Date(batch.now), batch.campaignId) };
}
