import type { SqlQuery } from '../client';
import type { Channel, MessageStatus } from '../generated/client';

/**
 * A dispatch whose answer was lost (its worker died mid-call) is sent again only once a status
 * webhook has confirmed a send dispatched at least this much later on the same channel: the
 * provider's statuses have caught up past it, so its own would have arrived had it been sent.
 */
export const CONFIRMATION_MARGIN_MS = 5_000;
/**
 * Statuses come in no promised order. However overtaken, a dispatch is not sent again before this
 * long has passed, longer than any attempt of ours may still reach the provider after its mark (the
 * send activity's 25 s plus the client's 15 s). A status in a delivery we left unacknowledged comes
 * back on the provider's retry, after those of later sends: `SendEvidence.refusedAt` covers that.
 */
export const RESEND_GRACE_MS = 60_000;
/**
 * A dispatch goes to the provider within this long of being marked, or is released unsent: its
 * recorded time stays close to when the provider got it, which the confirmation margin relies on.
 */
export const DISPATCH_FRESH_MS = 2_000;
/** Without such a confirmation (nothing else sent since), the dispatch is retried after this long. */
export const UNCONFIRMED_RETRY_MS = 10 * 60_000;
/** Channels without status callbacks (ManyChat, UChat) offer no evidence: their unknown sends wait this long. */
export const UNREPORTED_RETRY_MS = 30_000;
const CHANNELS_WITH_STATUSES = new Set<Channel>(['WHATSAPP_CLOUD', 'WHATSAPP_WEB']);

export interface DispatchState {
  channel: Channel;
  providerMessageId: string | null;
  status: MessageStatus;
  sendAttemptedAt: Date | null;
}

export type DispatchOutcome = 'sent' | 'failed' | 'unknown' | 'open';

/** What status webhooks tell of a channel's sends (see `sendEvidence`). */
export interface SendEvidence {
  /** The newest dispatch on the channel a status webhook has confirmed. */
  confirmedThrough: Date | null;
  /** When a webhook delivery was last left unacknowledged: its sender delivers it again, after later ones. */
  refusedAt: Date | null;
}

export const NO_EVIDENCE: SendEvidence = { confirmedThrough: null, refusedAt: null };

/**
 * Where a claimed outbound message stands: settled, dispatched with its answer still unknown, or
 * open to dispatch (never dispatched, or an unknown dispatch now shown not to have reached the provider).
 * Statuses overtaking a dispatch show nothing once a delivery was refused after it: its own status may
 * be in that delivery, which comes again later; it then waits UNCONFIRMED_RETRY_MS from the refusal.
 */
export function dispatchOutcome(message: DispatchState, evidence: SendEvidence, now: number): DispatchOutcome {
  if (message.status === 'FAILED') return 'failed';
  if (message.providerMessageId) return 'sent';
  if (!message.sendAttemptedAt) return 'open';
  const dispatchedAt = message.sendAttemptedAt.getTime();
  if (!CHANNELS_WITH_STATUSES.has(message.channel)) return now - dispatchedAt >= UNREPORTED_RETRY_MS ? 'open' : 'unknown';
  const refusedAt = evidence.refusedAt?.getTime();
  const refusedSince = refusedAt !== undefined && refusedAt >= dispatchedAt - CONFIRMATION_MARGIN_MS ? refusedAt : undefined;
  const { confirmedThrough } = evidence;
  const overtaken = refusedSince === undefined && confirmedThrough !== null && confirmedThrough.getTime() - dispatchedAt >= CONFIRMATION_MARGIN_MS;
  return (overtaken && now - dispatchedAt >= RESEND_GRACE_MS) || now - (refusedSince ?? dispatchedAt) >= UNCONFIRMED_RETRY_MS ? 'open' : 'unknown';
}

export const fromEpochMs = (ms: string | bigint | null | undefined): Date | null => (ms === null || ms === undefined ? null : new Date(Number(ms)));

/** The newest dispatch on a channel that a status webhook has confirmed, and the last delivery this deployment's webhooks refused. */
export async function sendEvidence(query: SqlQuery, channel: Channel, taskQueue: string): Promise<SendEvidence> {
  const [row] = await query<{ confirmed: string | bigint | null; refused: string | bigint | null }>(
    `SELECT (SELECT (extract(epoch FROM "sendAttemptedAt") * 1000)::bigint FROM "Message"
             WHERE "tenantId" = current_setting('app.tenant_id')::uuid AND channel = $1::"Channel" AND direction = 'OUTBOUND' AND "statusReceivedAt" IS NOT NULL AND "sendAttemptedAt" IS NOT NULL
             ORDER BY "sendAttemptedAt" DESC LIMIT 1) AS confirmed,
            (SELECT (extract(epoch FROM "lastAt") * 1000)::bigint FROM "WebhookRefusal" WHERE "taskQueue" = $2) AS refused`,
    [channel, taskQueue],
  );
  return { confirmedThrough: fromEpochMs(row?.confirmed), refusedAt: fromEpochMs(row?.refused) };
}

export interface Dispatch {
  /** When this attempt dispatched the messages it won. */
  at: Date;
  won: Set<string>;
}

/**
 * Marks messages dispatched, each provided no other attempt has dispatched or settled it since it
 * was read (`seen` is the dispatch time read then). Answers the ones this attempt may now send.
 * On `db.routine` it locks, writes and commits in one round trip (astor_mark_dispatched).
 */
export async function markDispatched(query: SqlQuery, tenantId: string, messages: { id: string; seen: Date | null }[]): Promise<Dispatch> {
  const at = new Date();
  if (messages.length === 0) return { at, won: new Set() };
  const rows = await query<{ id: string }>('SELECT id FROM astor_mark_dispatched($1::uuid, $2::uuid[], $3::bigint[], $4::bigint) AS marked(id)', [
    tenantId,
    messages.map(({ id }) => id),
    messages.map(({ seen }) => seen?.getTime() ?? null),
    at.getTime(),
  ]);
  return { at, won: new Set(rows.map((row) => row.id)) };
}

/** The provider answered without sending: the message is open again, unless another attempt took it meanwhile. */
export async function releaseDispatch(query: SqlQuery, messageId: string, dispatchedAt: Date): Promise<void> {
  await query(
    `UPDATE "Message" SET "sendAttemptedAt" = NULL, "updatedAt" = astor_utc_now()
     WHERE id = $1::uuid AND "providerMessageId" IS NULL AND (extract(epoch FROM "sendAttemptedAt") * 1000)::bigint = $2::bigint`,
    [messageId, dispatchedAt.getTime()],
  );
}
