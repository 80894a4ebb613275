import type { TenantTx } from '../client';
import type { RecipientStatus } from '../generated/client';

export interface CampaignFunnel {
  total: number;
  /** Not yet settled: waiting, or sent with the provider's answer still unknown. */
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  failed: number;
  skipped: number;
  /**
   * Declined by Meta for the recipient's sake (131049, its per-user cap on marketing): neither sent nor failed.
   * Optional for the progress of campaign workflows that started before it was counted.
   */
  declined?: number;
  /** Failed and skipped recipients by reason, most frequent first. */
  failures: { code: string; status: 'FAILED' | 'SKIPPED'; description: string | null; count: number }[];
}

/** One campaign, or all runs of a recurring one. */
export type FunnelScope = string | string[];
const scoped = (scope: FunnelScope) => (typeof scope === 'string' ? scope : { in: scope });

/** Where every recipient of a campaign stands, counted in PostgreSQL (statuses keep arriving after the sends). */
export async function campaignFunnel(tx: TenantTx, scope: FunnelScope): Promise<CampaignFunnel> {
  const campaignId = scoped(scope);
  const groups = await tx.campaignRecipient.groupBy({ by: ['status'], where: { campaignId }, _count: { _all: true } });
  const count = (...statuses: RecipientStatus[]) => groups.filter((group) => statuses.includes(group.status)).reduce((sum, group) => sum + group._count._all, 0);
  const failures = await tx.campaignRecipient.groupBy({
    by: ['status', 'errorCode', 'errorMessage'],
    where: { campaignId, status: { in: ['FAILED', 'SKIPPED'] } },
    _count: { _all: true },
    orderBy: { _count: { id: 'desc' } },
    take: 20,
  });
  return {
    total: count('PENDING', 'SENDING', 'SENT', 'DELIVERED', 'READ', 'REPLIED', 'FAILED', 'SKIPPED', 'DECLINED'),
    pending: count('PENDING', 'SENDING'),
    sent: count('SENT', 'DELIVERED', 'READ', 'REPLIED'),
    delivered: count('DELIVERED', 'READ', 'REPLIED'),
    read: count('READ', 'REPLIED'),
    replied: count('REPLIED'),
    failed: count('FAILED'),
    skipped: count('SKIPPED'),
    declined: count('DECLINED'),
    failures: failures.map((group) => ({ code: group.errorCode ?? 'unknown', status: group.status as 'FAILED' | 'SKIPPED', description: group.errorMessage, count: group._count._all })),
  };
}

/** Recipients whose lead booked a visit after the campaign reached them. */
export async function convertedToVisit(tx: TenantTx, scope: FunnelScope): Promise<number> {
  const ids = typeof scope === 'string' ? [scope] : scope;
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT r.id) AS n FROM "CampaignRecipient" r JOIN "Visit" v ON v."leadId" = r."leadId" AND v."createdAt" >= r."sentAt"
    WHERE r."campaignId" = ANY(${ids}::uuid[]) AND r."sentAt" IS NOT NULL`;
  return Number(row!.n);
}

export interface CampaignTimeline {
  /** Hours while the campaign's sends and replies span at most three days, days after that. */
  unit: 'hour' | 'day';
  /** Each hour or day from the first send to the last send or reply (the last 90 at most), in the agency's time. */
  points: { at: string; sent: number; replied: number }[];
}

const TIMELINE_HOURS = 72;
const TIMELINE_DAYS = 90;

/** Messages sent and replies received over time, counted in PostgreSQL, for the campaign report's chart. */
export async function campaignTimeline(tx: TenantTx, scope: FunnelScope, timeZone: string): Promise<CampaignTimeline> {
  const ids = typeof scope === 'string' ? [scope] : scope;
  const points = await tx.$queryRaw<{ unit: 'hour' | 'day'; at: string; sent: number; replied: number }[]>`
    WITH happened AS (
      SELECT ((e.at AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}) AS at, e.kind
      FROM "CampaignRecipient" r CROSS JOIN LATERAL (VALUES ('sent', r."sentAt"), ('replied', r."repliedAt")) AS e(kind, at)
      WHERE r."campaignId" = ANY(${ids}::uuid[]) AND e.at IS NOT NULL
    ),
    span AS (
      SELECT CASE WHEN max(at) - min(at) > make_interval(hours => ${TIMELINE_HOURS}::int) THEN 'day' ELSE 'hour' END AS unit, min(at) AS first, max(at) AS last
      FROM happened HAVING count(*) > 0
    ),
    slots AS (
      SELECT span.unit, slot FROM span, generate_series(
        greatest(date_trunc(span.unit, span.first), date_trunc(span.unit, span.last) - make_interval(days => ${TIMELINE_DAYS - 1}::int)),
        date_trunc(span.unit, span.last), ('1 ' || span.unit)::interval) AS slot
    )
    SELECT slots.unit, to_char(slots.slot, 'YYYY-MM-DD"T"HH24:MI') AS at,
           count(h.kind) FILTER (WHERE h.kind = 'sent')::int AS sent, count(h.kind) FILTER (WHERE h.kind = 'replied')::int AS replied
    FROM slots LEFT JOIN happened h ON date_trunc(slots.unit, h.at) = slots.slot
    GROUP BY slots.unit, slots.slot ORDER BY slots.slot`;
  return { unit: points[0]?.unit ?? 'hour', points: points.map(({ at, sent, replied }) => ({ at, sent, replied })) };
}
