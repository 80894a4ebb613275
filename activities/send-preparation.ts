import type { SqlQuery } from '../prisma/client';
import { claimOutbound, conversationContact, type ClaimedSend, type OutboundFields } from '../prisma/repositories/outbound-sends';
import { confirmedThrough, dispatchOutcome, markDispatched, type Dispatch, type DispatchOutcome } from '../prisma/repositories/send-dispatch';
import { bookSendWindow, singleSendBooking } from './campaign/send-window';
import type { SendWindow } from './campaign/pacer';

export interface PreparedSend {
  to: string;
  message: ClaimedSend;
  outcome: DispatchOutcome;
  /** Marked by this attempt when the message was open to dispatch; it sends only the ones it won. */
  dispatch?: Dispatch;
  /** A Business API send's first slot on the agency's number, when this attempt won the dispatch. */
  window?: SendWindow & { perSecond: number };
}

/**
 * Everything one send does in PostgreSQL before the provider is called, in one transaction: the
 * recipient read, the idempotency key claimed, where an earlier attempt left it, the dispatch marked
 * and, last, so that no write stands between it and the call, the slot booked on the number.
 */
export async function prepareSend(query: SqlQuery, input: { tenantId: string; to?: string; conversationId?: string }, fields: OutboundFields): Promise<PreparedSend> {
  const to = input.to ?? (await conversationContact(query, input.tenantId, input.conversationId!));
  const message = await claimOutbound(query, input.tenantId, fields);
  const confirmed = message.sendAttemptedAt && !message.providerMessageId ? await confirmedThrough(query, message.channel) : null;
  const outcome = dispatchOutcome(message, confirmed, Date.now());
  if (outcome !== 'open') return { to, message, outcome };
  const dispatch = await markDispatched(query, [{ id: message.id, seen: message.sendAttemptedAt }]);
  if (!dispatch.won.has(message.id) || message.channel !== 'WHATSAPP_CLOUD') return { to, message, outcome, dispatch };
  return { to, message, outcome, dispatch, window: await bookSendWindow(query, singleSendBooking(Date.now())) };
}
