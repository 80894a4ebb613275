import { integrationState } from '../../domain/integration-state';
import { qualityRatingOf } from '../../domain/messaging-limit';
import { BASELINE_DAYS, inboundSilence, STATUS_GRACE_MS, statusSilence } from '../../domain/traffic-silence';
import type { TenantTx } from '../client';

const HOUR_MS = 60 * 60_000;

/** Each integration as the admin reads it: its state from the latest real calls, and the provider's last word. */
export async function integrationHealth(tx: TenantTx, now: Date) {
  const rows = await tx.tenantIntegration.findMany({
    where: { active: true },
    orderBy: { provider: 'asc' },
    select: { provider: true, lastSuccessAt: true, lastErrorAt: true, lastErrorCategory: true, lastError: true, lastCheckedAt: true },
  });
  return rows.map((row) => ({ ...row, state: integrationState(row, now) }));
}

/** When the last message from a contact arrived, against how many the same hours brought on the previous days. */
async function inboundTraffic(tx: TenantTx, now: Date) {
  const [last] = await tx.$queryRaw<{ at: Date | null }[]>`SELECT max("createdAt") AS at FROM "Message" WHERE direction = 'INBOUND'`;
  const lastAt = last?.at ?? null;
  if (!lastAt) return inboundSilence(null, now, 0);
  const [usual] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM generate_series(1, ${BASELINE_DAYS}::int) AS day
    JOIN "Message" m ON m.direction = 'INBOUND'
      AND m."createdAt" >= ${lastAt}::timestamp - make_interval(days => day) AND m."createdAt" < ${now}::timestamp - make_interval(days => day)`;
  return inboundSilence(lastAt, now, usual?.n ?? 0);
}

/** WhatsApp Cloud sends of the last day that no status has confirmed, and when any status last arrived. */
async function statusTraffic(tx: TenantTx, now: Date) {
  const dayAgo = new Date(now.getTime() - 24 * HOUR_MS);
  const graceEnd = new Date(now.getTime() - STATUS_GRACE_MS);
  const [row] = await tx.$queryRaw<{ unconfirmed: number; since: Date | null; last_status_at: Date | null }[]>`
    SELECT count(*) FILTER (WHERE "statusReceivedAt" IS NULL AND "providerMessageId" IS NOT NULL AND "sendAttemptedAt" < ${graceEnd})::int AS unconfirmed,
           min("sendAttemptedAt") FILTER (WHERE "statusReceivedAt" IS NULL AND "providerMessageId" IS NOT NULL AND "sendAttemptedAt" < ${graceEnd}) AS since,
           max("statusReceivedAt") AS last_status_at
    FROM "Message" WHERE channel = 'WHATSAPP_CLOUD' AND direction = 'OUTBOUND' AND "sendAttemptedAt" >= ${dayAgo}`;
  return statusSilence(row?.unconfirmed ?? 0, row?.since ?? null, row?.last_status_at ?? null);
}

/** What an agency admin can act on: integrations, the WhatsApp channel, and messages or statuses that stopped coming. */
export async function agencyHealth(tx: TenantTx, now: Date) {
  const channel = await tx.whatsAppChannel.findFirst({ select: { status: true, apiType: true, qualityRating: true } });
  return {
    whatsapp: channel ? { status: channel.status, apiType: channel.apiType, qualityRating: qualityRatingOf(channel.qualityRating) ?? null } : null,
    integrations: await integrationHealth(tx, now),
    inbound: await inboundTraffic(tx, now),
    statuses: await statusTraffic(tx, now),
  };
}
