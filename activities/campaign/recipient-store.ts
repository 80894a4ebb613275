import { sqlOf, type SqlQuery, type TenantTx } from '../../prisma/client';
import { tenantContext, type Actor } from '../../prisma/tenant-context';
import type { Channel, MessageStatus } from '../../prisma/generated/client';
import { recordLeadEvents } from '../../prisma/repositories/lead-events';
import { fromEpochMs, sendEvidence, type SendEvidence } from '../../prisma/repositories/send-dispatch';
import type { SendMessageInput } from '../messaging.activities';
import { outboundFields } from '../messaging.activities';
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

type StoredRow = Omit<StoredMessage, 'sendAttemptedAt'> & { idempotencyKey: string; sendAttemptedAt: string | null };
const MESSAGE_COLUMNS = `m.id, m.channel, m."providerMessageId", m.status, m."errorCode", m."errorMessage", m."idempotencyKey",
  (extract(epoch FROM m."sendAttemptedAt") * 1000)::bigint AS "sendAttemptedAt"`;
const storedMessage = ({ idempotencyKey: _key, sendAttemptedAt, ...row }: StoredRow): StoredMessage => ({ ...row, sendAttemptedAt: fromEpochMs(sendAttemptedAt) });

/**
 * The next recipients still to settle after `afterSeq`, with their lead and any message already
 * claimed. Raw SQL, as the claim: a campaign claims every second while it sends, beside the pacing.
 */
export async function loadBatch(query: SqlQuery, campaignId: string, afterSeq: number, limit: number): Promise<BatchRecipient[]> {
  const rows = await query<{ id: string; seq: number; leadId: string; phone: string; status: BatchRecipient['status']; name: string; searchZone: string | null; lastInboundAt: string | null; optOut: boolean }>(
    `SELECT r.id, r.seq, r."leadId", r.phone, r.status::text AS status, l.name, l."searchZone", l."optOut",
       (extract(epoch FROM l."lastInboundAt") * 1000)::bigint AS "lastInboundAt"
     FROM "CampaignRecipient" r JOIN "Lead" l ON l."tenantId" = r."tenantId" AND l.id = r."leadId"
     WHERE r."tenantId" = current_setting('app.tenant_id')::uuid AND r."campaignId" = $1::uuid AND r.seq > $2 AND r.status IN ('PENDING', 'SENDING')
     ORDER BY r.seq LIMIT $3`,
    [campaignId, afterSeq, limit],
  );
  const keys = rows.filter((row) => row.status === 'SENDING').flatMap((row) => [campaignMessageKey(campaignId, row.leadId), campaignVoiceMessageKey(campaignId, row.leadId)]);
  const messages = keys.length
    ? await query<StoredRow>(`SELECT ${MESSAGE_COLUMNS} FROM "Message" m WHERE m."tenantId" = current_setting('app.tenant_id')::uuid AND m."idempotencyKey" = ANY($1::text[])`, [keys])
    : [];
  const byKey = new Map(messages.map((message) => [message.idempotencyKey, storedMessage(message)]));
  return rows.map(({ name, searchZone, lastInboundAt, optOut, ...row }) => ({
    ...row,
    lead: { id: row.leadId, name, searchZone, lastInboundAt: fromEpochMs(lastInboundAt), optOut },
    message: byKey.get(campaignMessageKey(campaignId, row.leadId)) ?? byKey.get(campaignVoiceMessageKey(campaignId, row.leadId)) ?? null,
  }));
}

export interface Claim {
  recipient: BatchRecipient;
  input: Omit<SendMessageInput, 'to'>;
}

/**
 * Claims each send's message (created once per key) and marks the recipients SENDING, in the
 * caller's transaction, before any provider call. Returns the messages as stored: one already sent or
 * attempted by an earlier run is the caller's to settle, not to send again.
 */
export async function claimSends(query: SqlQuery, campaignId: string, channel: Channel, claims: Claim[]): Promise<Map<string, StoredMessage>> {
  if (claims.length === 0) return new Map();
  await query(
    `INSERT INTO "Message" (id, "tenantId", "leadId", "conversationId", "campaignId", direction, type, channel, body, content, "mediaUrl", "idempotencyKey", status, "sentById", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), current_setting('app.tenant_id')::uuid, v."leadId", v."conversationId", v."campaignId", 'OUTBOUND', v.type::"MessageType", v.channel::"Channel",
       v.body, v.content, v."mediaUrl", v."idempotencyKey", 'QUEUED', v."sentById", astor_utc_now(), astor_utc_now()
     FROM jsonb_to_recordset($1::jsonb) AS v("leadId" uuid, "conversationId" uuid, "campaignId" uuid, type text, channel text, body text, content jsonb, "mediaUrl" text, "idempotencyKey" text, "sentById" uuid)
     ON CONFLICT ("tenantId", "idempotencyKey") DO NOTHING`,
    [JSON.stringify(claims.map((claim) => outboundFields(claim.input, channel)))],
  );
  // A second statement sees what a concurrent attempt inserted (and this one skipped) once it committed.
  const stored = await query<StoredRow>(
    `WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(rid uuid, key text)),
     s AS (SELECT ${MESSAGE_COLUMNS} FROM "Message" m JOIN v ON m."idempotencyKey" = v.key WHERE m."tenantId" = current_setting('app.tenant_id')::uuid),
     claimed AS (
       UPDATE "CampaignRecipient" r SET status = 'SENDING', "messageId" = s.id, attempts = r.attempts + 1, "updatedAt" = astor_utc_now()
       FROM v JOIN s ON s."idempotencyKey" = v.key
       WHERE r."tenantId" = current_setting('app.tenant_id')::uuid AND r.id = v.rid AND r."campaignId" = $2::uuid)
     SELECT * FROM s`,
    [JSON.stringify(claims.map((claim) => ({ rid: claim.recipient.id, key: claim.input.idempotencyKey }))), campaignId],
  );
  const byKey = new Map(stored.map((row) => [row.idempotencyKey, storedMessage(row)]));
  return new Map(claims.map((claim) => [claim.recipient.id, byKey.get(claim.input.idempotencyKey)!]));
}

/** What status webhooks tell of sends on each channel that has a dispatch of this batch awaiting its answer. */
export async function sendEvidenceFor(tx: TenantTx, batch: BatchRecipient[], taskQueue: string): Promise<Map<Channel, SendEvidence>> {
  const awaiting = new Set(batch.flatMap(({ message }) => (message?.sendAttemptedAt && !message.providerMessageId ? [message.channel] : [])));
  const evidence = new Map<Channel, SendEvidence>();
  for (const channel of awaiting) evidence.set(channel, await sendEvidence(sqlOf(tx), channel, taskQueue));
  return evidence;
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

/**
 * Records sends the provider accepted: message, recipient, the lead's last contact and its timeline,
 * each moving forward only (a status webhook may have overtaken us). On `db.routine` it locks, writes
 * and commits in one round trip (astor_record_campaign_sent): it runs ten times a second while a
 * campaign sends, beside the pacing on the same event loop.
 */
export async function recordSent(query: SqlQuery, tenantId: string, campaignId: string, sent: SentOutcome[], actor: Actor): Promise<void> {
  if (sent.length === 0) return;
  const rows = sent.map((outcome) => ({ mid: outcome.messageId, rid: outcome.recipientId, lid: outcome.leadId, pmid: outcome.providerMessageId }));
  await query('SELECT astor_record_campaign_sent($1::uuid, $2::uuid, $3::jsonb, $4::uuid, $5::text)', [
    tenantId,
    campaignId,
    JSON.stringify(rows),
    actor.type === 'user' ? (actor.id ?? null) : null,
    actor.type,
  ]);
}

/** Settles a batch: sends recorded as `recordSent` does, failures marked failed, both on the timeline. */
export async function recordOutcomes(tx: TenantTx, campaignId: string, sent: SentOutcome[], failed: FailedOutcome[]): Promise<void> {
  const { tenantId, actor } = tenantContext.require('record outcomes');
  await recordSent(sqlOf(tx), tenantId, campaignId, sent, actor);
  await markUnsent(tx, failed, 'FAILED');
  await recordLeadEvents(
    tx,
    failed.map((outcome) => ({ leadId: outcome.leadId, type: 'campaign.failed', payload: { campaignId, code: outcome.code, reason: outcome.reason } })),
  );
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
