import type { SqlQuery } from '../client';
import type { Channel, MessageStatus, MessageType } from '../generated/client';
import type { DispatchState } from './send-dispatch';

/** An outbound message's columns as the send path writes them when it claims the idempotency key. */
export interface OutboundFields {
  leadId: string;
  conversationId: string | null;
  campaignId: string | null;
  type: MessageType;
  channel: Channel;
  body: string;
  content: object;
  mediaUrl: string | null;
  idempotencyKey: string;
  sentById: string | null;
}

/** Where a send stands, as the activity answers it. */
export interface SettledSend {
  id: string;
  status: MessageStatus;
  providerMessageId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export type ClaimedSend = SettledSend & DispatchState;

/** The provider took the message (its id), or refused it for good (code and reason); who and what it was for. */
export interface SendOutcome {
  providerMessageId?: string;
  errorCode?: string;
  errorMessage?: string;
  byAgent: boolean;
  campaignId?: string;
  actorType?: string;
  actorId?: string;
}

const CLAIMED = `id, channel::text AS channel, status::text AS status, "providerMessageId", "errorCode", "errorMessage",
  (extract(epoch FROM "sendAttemptedAt") * 1000)::bigint AS "sendAttemptedAt"`;

type ClaimedRow = Omit<ClaimedSend, 'sendAttemptedAt'> & { sendAttemptedAt: string | null };

const claimedOf = (row: ClaimedRow): ClaimedSend => ({ ...row, sendAttemptedAt: row.sendAttemptedAt === null ? null : new Date(Number(row.sendAttemptedAt)) });

/**
 * The message holding `fields.idempotencyKey`: created QUEUED by the first attempt, read as it stands
 * by any later one. A claim committed by a concurrent attempt meanwhile is read by a second statement.
 */
export async function claimOutbound(query: SqlQuery, tenantId: string, fields: OutboundFields): Promise<ClaimedSend> {
  const [claimed] = await query<ClaimedRow>(
    `WITH created AS (
       INSERT INTO "Message" (id, "tenantId", "leadId", "conversationId", "campaignId", direction, type, channel, body, content, "mediaUrl", "idempotencyKey", status, "sentById", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'OUTBOUND', $5::"MessageType", $6::"Channel", $7, $8::jsonb, $9, $10, 'QUEUED', $11, astor_utc_now(), astor_utc_now())
       ON CONFLICT ("tenantId", "idempotencyKey") DO NOTHING
       RETURNING ${CLAIMED})
     SELECT * FROM created
     UNION ALL SELECT ${CLAIMED} FROM "Message" WHERE "tenantId" = $1 AND "idempotencyKey" = $10 AND NOT EXISTS (SELECT 1 FROM created)`,
    [tenantId, fields.leadId, fields.conversationId, fields.campaignId, fields.type, fields.channel, fields.body, JSON.stringify(fields.content), fields.mediaUrl, fields.idempotencyKey, fields.sentById],
  );
  if (claimed) return claimedOf(claimed);
  const [committedMeanwhile] = await query<ClaimedRow>(`SELECT ${CLAIMED} FROM "Message" WHERE "tenantId" = $1 AND "idempotencyKey" = $2`, [tenantId, fields.idempotencyKey]);
  if (!committedMeanwhile) throw new Error(`outbound message ${fields.idempotencyKey} could not be claimed`);
  return claimedOf(committedMeanwhile);
}

/** The conversation's contact: where a reply goes when the caller did not name the recipient. */
export async function conversationContact(query: SqlQuery, tenantId: string, conversationId: string): Promise<string> {
  const [conversation] = await query<{ contact: string }>(`SELECT contact FROM "Conversation" WHERE "tenantId" = $1 AND id = $2`, [tenantId, conversationId]);
  if (!conversation) throw new Error(`conversation ${conversationId} is not in this agency`);
  return conversation.contact;
}

/** Records a send's outcome with everything it touches in one round trip (prisma/routines/send-outcome.sql). */
export async function recordSendOutcome(query: SqlQuery, tenantId: string, messageId: string, outcome: SendOutcome): Promise<SettledSend> {
  const [settled] = await query<SettledSend>(
    `SELECT id, status::text AS status, "providerMessageId", "errorCode", "errorMessage" FROM astor_record_send_outcome($1, $2, $3::jsonb)`,
    [tenantId, messageId, JSON.stringify(outcome)],
  );
  return settled!;
}
