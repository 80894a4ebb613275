import type { TenantTx } from '../client';
import { Prisma } from '../generated/client';

/**
 * The figures the dashboard draws, counted in PostgreSQL over a bounded window (row-level security keeps them
 * to the agency). Days are the agency's calendar days: the last `days` of them, today included.
 */

/** The window's calendar days (`days`) and the instant its first day starts (`since`, UTC like every stored timestamp). */
const calendarWindow = (timeZone: string, days: number) => Prisma.sql`
  days AS (SELECT ((now() AT TIME ZONE ${timeZone})::date - n) AS day FROM generate_series(0, ${days - 1}::int) AS n),
  since AS (SELECT ((min(day)::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC') AS at FROM days)`;

const localDay = (column: Prisma.Sql, timeZone: string) => Prisma.sql`((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone})::date`;

/** New leads per day, by origin; every day of the window is there, with `{}` when none came. */
export function leadsPerDay(tx: TenantTx, timeZone: string, days: number) {
  return tx.$queryRaw<{ day: string; counts: Record<string, number> }[]>`
    WITH ${calendarWindow(timeZone, days)},
    counted AS (
      SELECT ${localDay(Prisma.sql`"createdAt"`, timeZone)} AS day, origin::text AS origin, count(*)::int AS n
      FROM "Lead" WHERE "createdAt" >= (SELECT at FROM since)
      GROUP BY 1, 2
    )
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
           coalesce(jsonb_object_agg(counted.origin, counted.n) FILTER (WHERE counted.origin IS NOT NULL), '{}'::jsonb) AS counts
    FROM days LEFT JOIN counted USING (day)
    GROUP BY days.day ORDER BY days.day`;
}

/**
 * How far the window's new leads went. Each step counts the leads that reached it or a later one, so the funnel
 * never widens: a visit is a visit not cancelled or a stage from VISIT_SCHEDULED on; closed is WON.
 */
export async function leadFunnel(tx: TenantTx, timeZone: string, days: number) {
  const [funnel] = await tx.$queryRaw<{ leads: number; conversation: number; visit: number; closed: number }[]>`
    WITH ${calendarWindow(timeZone, days)},
    reached AS (
      SELECT l.stage = 'WON' AS closed,
             l.stage IN ('VISIT_SCHEDULED', 'NEGOTIATION', 'WON') OR EXISTS (SELECT 1 FROM "Visit" v WHERE v."leadId" = l.id AND v.status <> 'CANCELLED') AS visit,
             EXISTS (SELECT 1 FROM "Conversation" c WHERE c."leadId" = l.id) AS conversation
      FROM "Lead" l WHERE l."createdAt" >= (SELECT at FROM since)
    )
    SELECT count(*)::int AS leads,
           count(*) FILTER (WHERE conversation OR visit)::int AS conversation,
           count(*) FILTER (WHERE visit)::int AS visit,
           count(*) FILTER (WHERE closed)::int AS closed
    FROM reached`;
  return funnel!;
}

interface FirstResponseRow {
  agentId: string | null;
  name: string | null;
  answered: number;
  medianMinutes: number;
  withinSla: number;
}

/**
 * Per agent, how long the conversations opened in the window waited for their first human answer: from the
 * contact's first message to the first message an agent sent (bot messages have no sender). Unanswered ones are
 * left out. `team` is the same over every agent; `onlyAgentId` keeps that agent's own row (an agent does not see
 * colleagues one by one).
 */
export async function firstResponseByAgent(tx: TenantTx, timeZone: string, days: number, slaMinutes: number, onlyAgentId?: string) {
  const rows = await tx.$queryRaw<FirstResponseRow[]>`
    WITH ${calendarWindow(timeZone, days)},
    asked AS (
      SELECT c.id, (SELECT min(m."createdAt") FROM "Message" m WHERE m."conversationId" = c.id AND m.direction = 'INBOUND') AS at
      FROM "Conversation" c WHERE c."openedAt" >= (SELECT at FROM since)
    ),
    answered AS (
      SELECT reply."sentById" AS agent, reply."createdAt" - asked.at AS waited
      FROM asked CROSS JOIN LATERAL (
        SELECT m."sentById", m."createdAt" FROM "Message" m
        WHERE m."conversationId" = asked.id AND m.direction = 'OUTBOUND' AND m."sentById" IS NOT NULL AND m."createdAt" >= asked.at
        ORDER BY m."createdAt" LIMIT 1
      ) reply
    )
    SELECT u.id AS "agentId", u.name, count(*)::int AS answered,
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered.waited)) / 60)::numeric, 1)::float8 AS "medianMinutes",
           count(*) FILTER (WHERE answered.waited <= make_interval(mins => ${slaMinutes}::int))::int AS "withinSla"
    FROM answered JOIN "User" u ON u.id = answered.agent
    GROUP BY GROUPING SETS ((u.id, u.name), ()) ORDER BY "medianMinutes", u.name`;
  // The grand total comes back even over no answers (count 0, no median): that is no team figure.
  const team = rows.find((row) => row.agentId === null && row.answered > 0);
  const agents = rows.flatMap(({ agentId, name, ...figures }) => (agentId !== null && (!onlyAgentId || agentId === onlyAgentId) ? [{ agentId, name: name!, ...figures }] : []));
  return { agents, team: team ? { answered: team.answered, medianMinutes: team.medianMinutes, withinSla: team.withinSla } : null };
}

/**
 * How long after its send a message's delivery, reading or reply still counts on the chart: a bound
 * that lets the agency's recipients be found by send date (an index) instead of read in full.
 */
export const CAMPAIGN_RESULT_LOOKBACK_DAYS = 30;

/** Campaign messages sent, delivered, read and replied to per day, each counted on the day it happened. */
export function campaignResultsPerDay(tx: TenantTx, timeZone: string, days: number) {
  return tx.$queryRaw<{ day: string; sent: number; delivered: number; read: number; replied: number }[]>`
    WITH ${calendarWindow(timeZone, days)},
    happened AS (
      SELECT ${localDay(Prisma.sql`e.at`, timeZone)} AS day, e.kind
      FROM "CampaignRecipient" r
      CROSS JOIN LATERAL (VALUES ('sent', r."sentAt"), ('delivered', r."deliveredAt"), ('read', r."readAt"), ('replied', r."repliedAt")) AS e(kind, at)
      WHERE r."sentAt" >= (SELECT at FROM since) - make_interval(days => ${CAMPAIGN_RESULT_LOOKBACK_DAYS}::int) AND e.at >= (SELECT at FROM since)
    )
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
           count(happened.kind) FILTER (WHERE happened.kind = 'sent')::int AS sent,
           count(happened.kind) FILTER (WHERE happened.kind = 'delivered')::int AS delivered,
           count(happened.kind) FILTER (WHERE happened.kind = 'read')::int AS read,
           count(happened.kind) FILTER (WHERE happened.kind = 'replied')::int AS replied
    FROM days LEFT JOIN happened USING (day)
    GROUP BY days.day ORDER BY days.day`;
}
