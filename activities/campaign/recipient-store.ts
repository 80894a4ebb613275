import { sqlOf, type TenantTx } from '../../prisma/client';
import { Prisma, type Channel, type MessageStatus } from '../../prisma/generated/client';
import { recordLeadEvents } from '../../prisma/repositories/lead-events';
import { confirmedThrough } from '../../prisma/repositories/send-dispatch';
import type { SendMessageInput } from '../messaging.activities';
import { outboundMessageRow } from '../messaging.activities';
import type { RecipientLead } from '../../services/messages/campaign-content';

/** One key per campaign and lead: whatever retries or crashes happen, the provider sees one send. */
export const campaignMessageKey = (campaignId: string, leadId: string) => `campaign:${campaignId}:${leadId}`;
/** Voice notes go through their own workflow, whose id (and message key) derive from this. */
export const campaignVoiceRequestId = (campaignId: string, leadId: string) => `campaign-${campaignId}-${leadId}`;
export const campaignVoiceMessageKey = (campaignId: string, leadId: string) => `voice:${campaignVoiceRequestId(campaignId, leadId)}`;

export interface StoredMessage {
  id: string;
  channel: Channel;
  providerMessageId: string | null;
  status: MessageStatus;
  sendAttemptedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface BatchRecipient {
  id: string;
  seq: number;
  leadId: string;
  phone: string;
  status: 'PENDING' | 'SENDING';
  lead: RecipientLead & { optOut: boolean };
  message: StoredMessage | null;
}

const MESSAGE_FIELDS = { id: true, channel: true, providerMessageId: true, status: true, sendAttemptedAt: true, errorCode: true, errorMessage: true, idempotencyKey: true } as const;

/** The next recipients still to settle after `afterSeq`, with their lead and any message already claimed. */
export async function loadBatch(tx: TenantTx, campaignId: string, afterSeq: number, limit: number): Promise<BatchRecipient[]> {
  const rows = await tx.campaignRecipient.findMany({
    where: { campaignId, seq: { gt: afterSeq }, status: { in: ['PENDING', 'SENDING'] } },
    orderBy: { seq: 'asc' },
    take: limit,
    select: { id: true, seq: true, leadId: true, phone: true, status: true, lead: { select: { id: true, name: true, searchZone: true, lastInboundAt: true, optOut: true } } },
  });
  const keys = rows.filter((row) => row.status === 'SENDING').flatMap((row) => [campaignMessageKey(campaignId, row.leadId), campaignVoiceMessageKey(campaignId, row.leadId)]);
  const messages = keys.length ? await tx.message.findMany({ where: { idempotencyKey: { in: keys } }, select: MESSAGE_FIELDS }) : [];
  const byKey = new Map(messages.map((message) => [message.idempotencyKey, message]));
  return rows.map((row) => ({
    ...row,
    status: row.status as BatchRecipient['status'],
    message: byKey.get(campaignMessageKey(campaignId, row.leadId)) ?? byKey.get(campaignVoiceMessageKey(campaignId, row.leadId)) ?? null,
  }));
}

export interface Claim {
  recipient: BatchRecipient;
  input: Omit<SendMessageInput, 'to'>;
}

/**
 * Claims each send's message (created once per key) and marks the recipients SENDING, in one
 * transaction, before any provider call. Returns the messages as stored: one already sent or
 * attempted by an earlier run is the caller's to settle, not to send again.
 */
export async function claimSends(tx: TenantTx, campaignId: string, channel: Channel, claims: Claim[]): Promise<Map<string, StoredMessage>> {
  if (claims.length === 0) return new Map();
  await tx.message.createMany({ data: claims.map((claim) => outboundMessageRow(claim.input, channel)), skipDuplicates: true });
  const stored = await tx.message.findMany({ where: { idempotencyKey: { in: claims.map((claim) => claim.input.idempotencyKey) } }, select: MESSAGE_FIELDS });
  const byKey = new Map(stored.map((message) => [message.idempotencyKey!, message]));
  const values = claims.map((claim) => Prisma.sql`(${claim.recipient.id}::uuid, ${byKey.get(claim.input.idempotencyKey)!.id}::uuid)`);
  await tx.$executeRaw`UPDATE "CampaignRecipient" r SET status = 'SENDING', "messageId" = v.mid, attempts = r.attempts + 1, "updatedAt" = now()
    FROM (VALUES ${Prisma.join(values)}) AS v(id, mid) WHERE r.id = v.id AND r."campaignId" = ${campaignId}::uuid`;
  return new Map(claims.map((claim) => [claim.recipient.id, byKey.get(claim.input.idempotencyKey)!]));
}

/** How far status webhooks have confirmed sends on each channel that has a dispatch of this batch awaiting its answer. */
export async function confirmationsFor(tx: TenantTx, batch: BatchRecipient[]): Promise<Map<Channel, Date | null>> {
  const awaiting = new Set(batch.flatMap(({ message }) => (message?.sendAttemptedAt && !message.providerMessageId ? [message.channel] : [])));
  const confirmed = new Map<Channel, Date | null>();
  for (const channel of awaiting) confirmed.set(channel, await confirmedThrough(sqlOf(tx), channel));
  return confirmed;
}

export interface SentOutcome {
  recipientId: string;
  leadId: string;
  messageId: string;
  providerMessageId: string;
}

export interface FailedOutcome {
  recipientId: string;
  leadId: string;
  messageId: string | null;
  code: string;
  reason: string;
}

/** Settles a batch: messages and recipients move forward only (a status webhook may have overtaken us). */
export async function recordOutcomes(tx: TenantTx, campaignId: string, sent: SentOutcome[], failed: FailedOutcome[]): Promise<void> {
  if (sent.length) {
    const values = Prisma.join(sent.map((outcome) => Prisma.sql`(${outcome.messageId}::uuid, ${outcome.recipientId}::uuid, ${outcome.providerMessageId})`));
    await tx.$executeRaw`UPDATE "Message" m SET status = CASE WHEN m.status = 'QUEUED' THEN 'SENT'::"MessageStatus" ELSE m.status END,
      "providerMessageId" = COALESCE(m."providerMessageId", v.pmid), "sentAt" = COALESCE(m."sentAt", now()), "updatedAt" = now()
      FROM (VALUES ${values}) AS v(mid, rid, pmid) WHERE m.id = v.mid`;
    await tx.$executeRaw`UPDATE "CampaignRecipient" r SET status = CASE WHEN r.status IN ('PENDING', 'SENDING') THEN 'SENT'::"RecipientStatus" ELSE r.status END,
      "providerMessageId" = v.pmid, "messageId" = v.mid, "sentAt" = COALESCE(r."sentAt", now()), "updatedAt" = now()
      FROM (VALUES ${values}) AS v(mid, rid, pmid) WHERE r.id = v.rid`;
    await tx.lead.updateMany({ where: { id: { in: sent.map((outcome) => outcome.leadId) } }, data: { lastContactAt: new Date() } });
  }
  await markUnsent(tx, failed, 'FAILED');
  await recordLeadEvents(tx, [
    ...sent.map((outcome) => ({ leadId: outcome.leadId, type: 'campaign.sent', payload: { campaignId, messageId: outcome.messageId } })),
    ...failed.map((outcome) => ({ leadId: outcome.leadId, type: 'campaign.failed', payload: { campaignId, code: outcome.code, reason: outcome.reason } })),
  ]);
}

/** Recipients the provider declined for their own sake (a per-user cap on marketing): settled, neither sent nor failed, not sent again. */
export async function recordDeclined(tx: TenantTx, campaignId: string, declined: FailedOutcome[]): Promise<void> {
  await markUnsent(tx, declined, 'DECLINED');
  await recordLeadEvents(tx, declined.map((outcome) => ({ leadId: outcome.leadId, type: 'campaign.declined', payload: { campaignId, code: outcome.code, reason: outcome.reason } })));
}

async function markUnsent(tx: TenantTx, outcomes: FailedOutcome[], status: 'FAILED' | 'DECLINED'): Promise<void> {
  for (const outcome of outcomes) {
    if (outcome.messageId) {
      await tx.message.updateMany({ where: { id: outcome.messageId, providerMessageId: null }, data: { status: 'FAILED', errorCode: outcome.code, errorMessage: outcome.reason, failedAt: new Date() } });
    }
    await tx.campaignRecipient.updateMany({ where: { id: outcome.recipientId, status: { in: ['PENDING', 'SENDING'] } }, data: { status, errorCode: outcome.code, errorMessage: outcome.reason } });
  }
}

export async function markSkipped(tx: TenantTx, skipped: { recipientId: string; reason: string; description: string }[]): Promise<void> {
  const byReason = new Map<string, { description: string; ids: string[] }>();
  for (const skip of skipped) {
    const group = byReason.get(skip.reason) ?? { description: skip.description, ids: [] };
    group.ids.push(skip.recipientId);
    byReason.set(skip.reason, group);
  }
  for (const [reason, group] of byReason) {
    await tx.campaignRecipient.updateMany({ where: { id: { in: group.ids }, status: { in: ['PENDING', 'SENDING'] } }, data: { status: 'SKIPPED', errorCode: reason, errorMessage: group.description } });
  }
}

/**
 * When a campaign ends early, recipients not reached are skipped with the reason: those never
 * claimed, and those claimed whose message never went to the provider (a pause stopped their batch).
 * A claim whose send outcome is unknown stays as it is: its status webhook may still settle it.
 */
export async function skipUnreached(tx: TenantTx, campaignId: string, reason: { errorCode: string; errorMessage: string }): Promise<void> {
  await tx.campaignRecipient.updateMany({ where: { campaignId, status: 'PENDING' }, data: { status: 'SKIPPED', ...reason } });
  await tx.$executeRaw`
    UPDATE "CampaignRecipient" r SET status = 'SKIPPED', "errorCode" = ${reason.errorCode}, "errorMessage" = ${reason.errorMessage}, "updatedAt" = now()
    FROM "Message" m
    WHERE r."campaignId" = ${campaignId}::uuid AND r.status = 'SENDING' AND m.id = r."messageId"
      AND m."sendAttemptedAt" IS NULL AND m."providerMessageId" IS NULL AND m.status = 'QUEUED'`;
}

export async function markVoiceStarted(tx: TenantTx, recipientIds: string[]): Promise<void> {
  if (recipientIds.length) await tx.campaignRecipient.updateMany({ where: { id: { in: recipientIds }, status: 'PENDING' }, data: { status: 'SENDING', attempts: { increment: 1 } } });
}
