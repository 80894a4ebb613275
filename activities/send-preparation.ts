import type { Database, SqlQuery } from '../prisma/client';
import { claimSend, type ClaimedSend, type OutboundFields } from '../prisma/repositories/outbound-sends';
import { dispatchOutcome, markDispatched, NO_EVIDENCE, sendEvidence, type Dispatch, type DispatchOutcome } from '../prisma/repositories/send-dispatch';
import { bookedWindow, bookingStart, bookSendWindow, singleSendBooking } from './campaign/send-window';
import { PACED_SECOND_MS, type SendWindow } from './campaign/pacer';

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
 * Everything one send does in PostgreSQL before the provider is called. A first attempt claims the
 * key, marks it dispatched and books its slot on the number in one round trip (astor_claim_send), the
 * slot last so that no write stands between it and the call. A later attempt finds where the one
 * before left the message and, if it is open again, marks and books it in a transaction of its own.
 */
export async function prepareSend(db: Database, input: { tenantId: string; to?: string }, fields: OutboundFields, taskQueue: string): Promise<PreparedSend> {
  const now = Date.now();
  const booking = singleSendBooking(now);
  const onNumber = fields.channel === 'WHATSAPP_CLOUD';
  const claim = await claimSend(db.routine, input.tenantId, { ...fields, ...(input.to ? { to: input.to } : {}) }, { dispatchAt: now, bookFrom: onNumber ? bookingStart(booking) : null, pacedSecondMs: PACED_SECOND_MS });
  const { to, message } = claim;
  if (!claim.created) return db.sqlInTenant(input.tenantId, (query) => resumeSend(query, input.tenantId, to, message, taskQueue));
  return { to, message, outcome: 'open', dispatch: { at: new Date(now), won: new Set([message.id]) }, ...(onNumber ? { window: bookedWindow(claim.window, booking) } : {}) };
}

async function resumeSend(query: SqlQuery, tenantId: string, to: string, message: ClaimedSend, taskQueue: string): Promise<PreparedSend> {
  const evidence = message.sendAttemptedAt && !message.providerMessageId ? await sendEvidence(query, message.channel, taskQueue) : NO_EVIDENCE;
  const outcome = dispatchOutcome(message, evidence, Date.now());
  if (outcome !== 'open') return { to, message, outcome };
  const dispatch = await markDispatched(query, tenantId, [{ id: message.id, seen: message.sendAttemptedAt }]);
  if (!dispatch.won.has(message.id) || message.channel !== 'WHATSAPP_CLOUD') return { to, message, outcome, dispatch };
  return { to, message, outcome, dispatch, window: await bookSendWindow(query, singleSendBooking(Date.now())) };
}
