import { quietHoursSchema } from '../../domain/campaign';
import { quietUntil } from '../../domain/quiet-hours';
import type { TenantTx } from '../client';
import { agencyHealth } from './agency-health';

/** Thresholds match ops/prometheus-rules.yml: the platform page and the on-call alerts agree on what a problem is. */
const FAILING_SENDS_AT_LEAST = 5;
const FAILING_SENDS_SHARE = 0.05;
const CAMPAIGN_IDLE_MS = 30 * 60_000;
const BACKLOG_OLDEST_MS = 60_000;

export type AgencyProblemKind = 'token_refused' | 'channel_error' | 'failing_sends' | 'stuck_campaign' | 'backlog' | 'inbound_silence' | 'statuses_stalled';

export interface AgencyProblem {
  kind: AgencyProblemKind;
  /** The integration or campaign the problem is about. */
  subject: string | null;
  count: number | null;
  total: number | null;
  since: Date | null;
}

const problem = (kind: AgencyProblemKind, fields: Partial<Omit<AgencyProblem, 'kind'>> = {}): AgencyProblem => ({ kind, subject: null, count: null, total: null, since: null, ...fields });

async function failingSends(tx: TenantTx, now: Date): Promise<AgencyProblem[]> {
  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  const [row] = await tx.$queryRaw<{ failed: number; total: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'FAILED')::int AS failed, count(*)::int AS total
    FROM "Message" WHERE direction = 'OUTBOUND' AND status <> 'QUEUED' AND "createdAt" >= ${hourAgo}`;
  const { failed = 0, total = 0 } = row ?? {};
  return failed >= FAILING_SENDS_AT_LEAST && failed > total * FAILING_SENDS_SHARE ? [problem('failing_sends', { count: failed, total, since: hourAgo })] : [];
}

/** Running campaigns with recipients left and no progress for half an hour, outside their quiet hours. */
async function stuckCampaigns(tx: TenantTx, now: Date): Promise<AgencyProblem[]> {
  const idleSince = new Date(now.getTime() - CAMPAIGN_IDLE_MS);
  const rows = await tx.$queryRaw<{ name: string; quiet_hours: unknown; pending: number; last_progress: Date }[]>`
    SELECT c.name, c."quietHours" AS quiet_hours, count(*) FILTER (WHERE r.status IN ('PENDING', 'SENDING'))::int AS pending, max(r."updatedAt") AS last_progress
    FROM "Campaign" c JOIN "CampaignRecipient" r ON r."tenantId" = c."tenantId" AND r."campaignId" = c.id
    WHERE c.status = 'RUNNING' AND c."launchedAt" < ${idleSince}
    GROUP BY c.id HAVING count(*) FILTER (WHERE r.status IN ('PENDING', 'SENDING')) > 0 AND max(r."updatedAt") < ${idleSince}`;
  if (!rows.length) return [];
  const { timeZone } = await tx.tenant.findFirstOrThrow({ select: { timeZone: true } });
  return rows
    .filter((row) => {
      const quiet = quietHoursSchema.safeParse(row.quiet_hours);
      return !(quiet.success && quietUntil(now.getTime(), quiet.data, timeZone) !== undefined);
    })
    .map((row) => problem('stuck_campaign', { subject: row.name, count: row.pending, since: row.last_progress }));
}

/** Workflow hand-offs written at the webhook edge and not yet taken by a relay. */
async function backlog(tx: TenantTx, now: Date): Promise<AgencyProblem[]> {
  const [row] = await tx.$queryRaw<{ rows: number; oldest: Date | null }[]>`SELECT count(*)::int AS rows, min("createdAt") AS oldest FROM "Outbox"`;
  return row?.oldest && now.getTime() - row.oldest.getTime() > BACKLOG_OLDEST_MS ? [problem('backlog', { count: row.rows, since: row.oldest })] : [];
}

/** Everything about one agency that a platform admin should look at, in the order it hurts. */
export async function agencyProblems(tx: TenantTx, now: Date): Promise<AgencyProblem[]> {
  const health = await agencyHealth(tx, now);
  return [
    ...health.integrations.filter((row) => row.state === 'TOKEN_REFUSED').map((row) => problem('token_refused', { subject: row.provider, since: row.lastErrorAt })),
    ...(health.whatsapp?.status === 'ERROR' && !health.integrations.some((row) => row.provider === 'WHATSAPP_CLOUD' && row.state === 'TOKEN_REFUSED') ? [problem('channel_error', { subject: health.whatsapp.apiType })] : []),
    ...(await failingSends(tx, now)),
    ...(await stuckCampaigns(tx, now)),
    ...(await backlog(tx, now)),
    ...(health.inbound.unusual ? [problem('inbound_silence', { count: health.inbound.usual, since: health.inbound.lastAt })] : []),
    ...(health.statuses.stalled ? [problem('statuses_stalled', { count: health.statuses.unconfirmed, since: health.statuses.since })] : []),
  ];
}
