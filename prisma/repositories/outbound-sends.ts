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

type ClaimedRow = Omit<ClaimedSend, 'sendAttemptedAt'> & { sendAttemptedAt: string | number | null };

const claimedOf = (row: ClaimedRow): ClaimedSend => ({ ...row, sendAttemptedAt: row.sendAttemptedAt === null ? null : new Date(Number(row.sendAttemptedAt)) });

/** A claim by astor_claim_send (prisma/routines/sends.sql). */
export interface ClaimedByRoutine {
  to: string;
  /** This attempt created the message (dispatched at the time it gave, if it gave one, and its slot booked when asked). */
  created: boolean;
  message: ClaimedSend;
  window: { end: number; duration: number; perSecond: number } | null;
}

/**
 * Claims a send's key in one round trip (`routine` is `db.routine`): the message holding the key as it
 * stands, or created QUEUED by this attempt, then already dispatched at `dispatchAt` and, from
 * `bookFrom`, with its slot on the number, when those are given.
 */
export async function claimSend(
  routine: SqlQuery,
  tenantId: string,
  send: OutboundFields & { to?: string },
  options: { dispatchAt: number | null; bookFrom: number | null; pacedSecondMs: number },
): Promise<ClaimedByRoutine> {
  const [row] = await routine<{ claim: Omit<ClaimedByRoutine, 'message'> & { message: ClaimedRow } }>(`SELECT astor_claim_send($1, $2::jsonb, $3, $4, $5) AS claim`, [
    tenantId,
    JSON.stringify(send),
    options.dispatchAt,
    options.bookFrom,
    options.pacedSecondMs,
  ]);
  const { claim } = row!;
  return { ...claim, message: claimedOf(claim.message) };
}

/** Records a send's outcome with everything it touches in one round trip (`routine` is `db.routine`). */
export async function recordSendOutcome(routine: SqlQuery, tenantId: string, messageId: string, outcome: SendOutcome): Promise<SettledSend> {
  const [settled] = await routine<SettledSend>(
    `SELECT id, status::text AS status, "providerMessageId", "errorCode", "errorMessage" FROM astor_record_send_outcome($1, $2, $3::jsonb)`,
    [tenantId, messageId, JSON.stringify(outcome)],
  );
  return settled!;
}
