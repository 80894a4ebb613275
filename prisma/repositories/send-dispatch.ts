import type { TenantTx } from '../client';
import type { Channel, MessageStatus } from '../generated/client';

/**
 * A dispatch whose answer was lost (its worker died mid-call) is sent again only once a status
 * webhook has confirmed a send dispatched at least this much later on the same channel: the
 * provider's statuses have caught up past it, so its own would have arrived had it been sent.
 */
export const CONFIRMATION_MARGIN_MS = 5_000;
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

/**
 * Where a claimed outbound message stands: settled, dispatched with its answer still unknown, or
 * open to dispatch (never dispatched, or an unknown dispatch now shown not to have reached the provider).
 */
export function dispatchOutcome(message: DispatchState, confirmedThrough: Date | null, now: number): DispatchOutcome {
  if (message.status === 'FAILED') return 'failed';
  if (message.providerMessageId) return 'sent';
  if (!message.sendAttemptedAt) return 'open';
  const dispatchedAt = message.sendAttemptedAt.getTime();
  if (!CHANNELS_WITH_STATUSES.has(message.channel)) return now - dispatchedAt >= UNREPORTED_RETRY_MS ? 'open' : 'unknown';
  const overtaken = confirmedThrough !== null && confirmedThrough.getTime() - dispatchedAt >= CONFIRMATION_MARGIN_MS;
  return overtaken || now - dispatchedAt >= UNCONFIRMED_RETRY_MS ? 'open' : 'unknown';
}

/** The newest dispatch on a channel that a status webhook has confirmed. */
export async function confirmedThrough(tx: TenantTx, channel: Channel): Promise<Date | null> {
  const newest = await tx.message.findFirst({
    where: { channel, direction: 'OUTBOUND', statusReceivedAt: { not: null }, sendAttemptedAt: { not: null } },
    orderBy: { sendAttemptedAt: 'desc' },
    select: { sendAttemptedAt: true },
  });
  return newest?.sendAttemptedAt ?? null;
}

/**
 * Marks a message dispatched, provided no other attempt has dispatched or settled it since it was
 * read (`seen` is the dispatch time read then). Answers the new dispatch time, or null when the
 * message is not this attempt's to send.
 */
export async function markDispatched(tx: TenantTx, messageId: string, seen: Date | null): Promise<Date | null> {
  const at = new Date();
  const { count } = await tx.message.updateMany({ where: { id: messageId, providerMessageId: null, status: 'QUEUED', sendAttemptedAt: seen }, data: { sendAttemptedAt: at } });
  return count === 1 ? at : null;
}

/** The provider answered without sending: the message is open again, unless another attempt took it meanwhile. */
export async function releaseDispatch(tx: TenantTx, messageId: string, dispatchedAt: Date): Promise<void> {
  await tx.message.updateMany({ where: { id: messageId, sendAttemptedAt: dispatchedAt, providerMessageId: null }, data: { sendAttemptedAt: null } });
}
