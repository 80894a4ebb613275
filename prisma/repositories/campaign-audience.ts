import type { Audience } from '../../domain/campaign';
import type { TenantTx } from '../client';
import { Prisma } from '../generated/client';

const DAY_MS = 86_400_000;

/**
 * The audience as SQL over "Lead" l: one filter serves the live count and the snapshot taken at
 * launch. Leads that opted out or have no phone are never in an audience. Row-level security
 * keeps the scan inside the transaction's tenant.
 */
export function audienceCondition(audience: Audience, now = Date.now()): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`l."optOut" = false`, Prisma.sql`l.phone IS NOT NULL`];
  if (audience.stages) and.push(Prisma.sql`l.stage::text IN (${Prisma.join(audience.stages)})`);
  if (audience.origins) and.push(Prisma.sql`l.origin::text IN (${Prisma.join(audience.origins)})`);
  if (audience.tags) and.push(Prisma.sql`l.tags && ${audience.tags}::text[]`);
  if (audience.zones) and.push(Prisma.sql`l."searchZoneKey" IN (${Prisma.join(audience.zones.map((zone) => zone.toLowerCase()))})`);
  if (audience.propertyTypes) and.push(Prisma.sql`l."searchType"::text IN (${Prisma.join(audience.propertyTypes)})`);
  if (audience.operation) and.push(Prisma.sql`l."searchOperation"::text = ${audience.operation}`);
  const budget = audience.budget;
  if (budget) {
    and.push(Prisma.sql`(l."budgetMin" IS NOT NULL OR l."budgetMax" IS NOT NULL)`);
    if (budget.min !== undefined) and.push(Prisma.sql`(l."budgetMax" IS NULL OR l."budgetMax" >= ${budget.min})`);
    if (budget.max !== undefined) and.push(Prisma.sql`(l."budgetMin" IS NULL OR l."budgetMin" <= ${budget.max})`);
    if (budget.currency) and.push(Prisma.sql`l."budgetCurrency" = ${budget.currency}`);
  }
  const contact = audience.lastContact;
  if (contact?.olderThanDays !== undefined) and.push(Prisma.sql`(l."lastContactAt" IS NULL OR l."lastContactAt" < ${new Date(now - contact.olderThanDays * DAY_MS)})`);
  if (contact?.withinDays !== undefined) and.push(Prisma.sql`l."lastContactAt" >= ${new Date(now - contact.withinDays * DAY_MS)}`);
  if (audience.propertyIds) {
    and.push(Prisma.sql`EXISTS (SELECT 1 FROM "LeadPropertyInterest" i WHERE i."leadId" = l.id AND i."propertyId"::text IN (${Prisma.join(audience.propertyIds)}))`);
  }
  return Prisma.join(and, ' AND ');
}

export async function countAudience(tx: TenantTx, audience: Audience): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Lead" l WHERE ${audienceCondition(audience)}`;
  return Number(row!.n);
}

export async function sampleAudience(tx: TenantTx, audience: Audience, limit: number): Promise<{ id: string; name: string | null; phone: string }[]> {
  return tx.$queryRaw`SELECT l.id, l.name, l.phone FROM "Lead" l WHERE ${audienceCondition(audience)} ORDER BY l."createdAt" DESC, l.id DESC LIMIT ${limit}`;
}

/** The order a campaign takes its audience in, and its cap on recipients (null: all of them). */
/** What the preview and the launch estimate read of each lead the snapshot would take (audience order and cap). */
export interface AudienceLead {
  id: string;
  name: string | null;
  phone: string;
  searchZone: string | null;
  lastInboundAt: Date | null;
}

export function loadAudienceLeads(tx: TenantTx, audience: Audience, options: { maxRecipients?: number | null; now: number }): Promise<AudienceLead[]> {
  const order = options.maxRecipients ? recipientOrder(options.maxRecipients) : Prisma.empty;
  return tx.$queryRaw<AudienceLead[]>`SELECT l.id, l.name, l.phone, l."searchZone", l."lastInboundAt" FROM "Lead" l WHERE ${audienceCondition(audience, options.now)} ${order}`;
}

export const recipientOrder = (maxRecipients: number | null) => Prisma.sql`ORDER BY l."createdAt", l.id ${maxRecipients === null ? Prisma.empty : Prisma.sql`LIMIT ${maxRecipients}`}`;

/**
 * Freezes the audience into recipients, numbered in a stable order (at most `maxRecipients`, the
 * first in that order), in one statement: a retried snapshot finds the recipients already there and
 * changes nothing.
 */
export async function snapshotAudience(tx: TenantTx, campaignId: string, audience: Audience, maxRecipients: number | null = null): Promise<number> {
  const existing = await tx.campaignRecipient.count({ where: { campaignId } });
  if (existing > 0) return existing;
  return tx.$executeRaw`
    INSERT INTO "CampaignRecipient" (id, "tenantId", "campaignId", "leadId", seq, phone, status, "updatedAt")
    SELECT gen_random_uuid(), l."tenantId", ${campaignId}::uuid, l.id, row_number() OVER (ORDER BY l."createdAt", l.id), l.phone, 'PENDING', now()
    FROM "Lead" l WHERE ${audienceCondition(audience)}
    ${recipientOrder(maxRecipients)}`;
}
