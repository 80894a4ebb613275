import { ApplicationFailure } from '@temporalio/common';
import { portable, previewOf, type OutboundContent } from '../domain/messaging';
import type { Database } from '../prisma/client';
import type { Channel, MessageType, Prisma } from '../prisma/generated/client';
import { recordWhatsAppAuthFailure } from '../prisma/repositories/integration-secrets';
import { recordLeadEvent } from '../prisma/repositories/lead-events';
import { claimSend, recordSendOutcome, type OutboundFields, type SettledSend } from '../prisma/repositories/outbound-sends';
import { releaseDispatch } from '../prisma/repositories/send-dispatch';
import { tenantContext } from '../prisma/tenant-context';
import type { ChannelRegistry } from '../integrations/channel-registry';
import type { MessagingChannel } from '../integrations/channel';
import { isFinalAttempt } from './final-attempt';
import { PACED_SECOND_MS } from './campaign/pacer';
import { waitForSendSlot } from './campaign/send-window';
import { prepareSend } from './send-preparation';
import { ProviderError } from '../integrations/provider-error';

export interface SendMessageInput {
  tenantId: string;
  leadId: string;
  conversationId?: string;
  campaignId?: string;
  /**
   * E.164 of the recipient, or the platform's contact id on ManyChat and UChat. Absent: the contact of
   * `conversationId`, read here so that conversation workflows keep no phone number in their history.
   */
  to?: string;
  /** The conversation's channel when it is not the agency's WhatsApp (ManyChat, UChat). */
  channel?: Channel;
  content: OutboundContent;
  /** Same key, same message: a retried or replayed send never reaches the provider twice. */
  idempotencyKey: string;
  sentById?: string;
}

export interface SendMessageResult {
  messageId: string;
  providerMessageId: string | null;
  status: 'SENT' | 'FAILED';
  error?: { code: string; message: string };
}

const outcomeUnknown = () => ApplicationFailure.retryable('An earlier attempt may have reached the provider; waiting for its status', 'SendOutcomeUnknown');

const TYPE_OF: Record<OutboundContent['kind'], MessageType> = { text: 'TEXT', template: 'TEMPLATE', media: 'DOCUMENT', buttons: 'INTERACTIVE' };
const MEDIA_TYPES = { audio: 'AUDIO', image: 'IMAGE', document: 'DOCUMENT', video: 'VIDEO' } as const;

function typeOf(content: OutboundContent): MessageType {
  return content.kind === 'media' ? MEDIA_TYPES[content.mediaKind] : TYPE_OF[content.kind];
}

const resultOf = (message: SettledSend): SendMessageResult => ({
  messageId: message.id,
  providerMessageId: message.providerMessageId,
  status: message.status === 'FAILED' ? 'FAILED' : 'SENT',
  ...(message.status === 'FAILED' ? { error: { code: message.errorCode ?? 'unknown', message: message.errorMessage ?? '' } } : {}),
});

/** The columns that claim an outbound message's idempotency key before the provider is called. */
export function outboundFields(input: Omit<SendMessageInput, 'to'>, channel: Channel): OutboundFields {
  return {
    leadId: input.leadId,
    conversationId: input.conversationId ?? null,
    campaignId: input.campaignId ?? null,
    type: typeOf(input.content),
    channel,
    body: previewOf(input.content),
    content: JSON.parse(JSON.stringify(input.content)) as object,
    mediaUrl: input.content.kind === 'media' ? (input.content.link ?? null) : null,
    idempotencyKey: input.idempotencyKey,
    sentById: input.sentById ?? null,
  };
}

/** The same claim as a Prisma row, for callers inside db.inTenant. */
export function outboundMessageRow(input: Omit<SendMessageInput, 'to'>, channel: Channel): Prisma.MessageCreateManyInput {
  return { tenantId: tenantContext.require('claim message').tenantId, direction: 'OUTBOUND', status: 'QUEUED', ...outboundFields(input, channel) };
}

export function createMessagingActivities({ db, channels, taskQueue }: { db: Database; channels: ChannelRegistry; taskQueue: string }) {
  async function recordOutcome(input: SendMessageInput, messageId: string, outcome: { providerMessageId: string } | ProviderError): Promise<SettledSend> {
    const actor = tenantContext.current()?.actor;
    const settled =
      outcome instanceof ProviderError ? { errorCode: outcome.details.code ?? outcome.category, errorMessage: outcome.message } : { providerMessageId: outcome.providerMessageId };
    return recordSendOutcome(db.routine, input.tenantId, messageId, {
      ...settled,
      byAgent: Boolean(input.sentById),
      ...(input.campaignId ? { campaignId: input.campaignId } : {}),
      ...(actor ? { actorType: actor.type, ...(actor.type === 'user' && actor.id ? { actorId: actor.id } : {}) } : {}),
    });
  }

  /**
   * The Business API refused the message for good and the tenant enabled the fallback: the row moves to
   * the Web session before the session is called, so a retried attempt goes on there and never back.
   */
  async function switchToFallback(input: SendMessageInput, message: { id: string }, from: MessagingChannel, reason: ProviderError): Promise<{ id: string; sendAttemptedAt: Date | null }> {
    return db.inTenant(input.tenantId, async (tx) => {
      const moved = await tx.message.update({ where: { id: message.id }, data: { channel: from.fallback!.channel, sendAttemptedAt: new Date() } });
      await recordLeadEvent(tx, { leadId: input.leadId, type: 'message.fallback', payload: { messageId: message.id, from: from.channel, to: moved.channel, reason: reason.message, ...(reason.details.code ? { code: reason.details.code } : {}) } });
      return moved;
    });
  }

  /** One call to the provider, dispatched at `dispatchedAt`, with the bookkeeping that keeps it at most once. */
  async function attempt(input: SendMessageInput & { to: string }, message: { id: string }, channel: MessagingChannel, dispatchedAt: Date): Promise<SendMessageResult> {
    try {
      const sent = await channel.send(input.to, input.content, { callbackData: input.idempotencyKey });
      return resultOf(await recordOutcome(input, message.id, sent));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.retryable) {
        // An answer from the provider proves it did not send; a timeout or lost connection proves nothing.
        if (error.details.httpStatus !== undefined) {
          // Retries spent: the message failed for good and says so (an unknown outcome still waits for its status).
          if (isFinalAttempt()) return resultOf(await recordOutcome(input, message.id, error));
          await db.sqlInTenant(input.tenantId, (query) => releaseDispatch(query, message.id, dispatchedAt));
        }
        throw error.toApplicationFailure();
      }
      if (error.category === 'auth' && channel.channel === 'WHATSAPP_CLOUD') await db.inTenant(input.tenantId, (tx) => recordWhatsAppAuthFailure(tx, error.message));
      if (channel.fallback && portable(input.content)) {
        const moved = await switchToFallback(input, message, channel, error);
        return attempt(input, moved, channel.fallback, moved.sendAttemptedAt!);
      }
      return resultOf(await recordOutcome(input, message.id, error));
    }
  }

  /**
   * Sends at most once per idempotency key: the key is claimed in PostgreSQL before the provider is
   * called, a recorded outcome is returned as is, and an attempt whose outcome is unknown waits for
   * its status webhook, or for the statuses of later sends to show it never arrived (send-dispatch).
   * Non-retryable provider errors are recorded on the message and end the activity, unless the
   * tenant's fallback channel takes the message; a message stays on the channel it was claimed for
   * (or moved to) across retries.
   */
  async function sendMessage(input: SendMessageInput): Promise<SendMessageResult> {
    if (!input.to && !input.conversationId) throw ApplicationFailure.nonRetryable('A message needs a recipient or a conversation', 'NoRecipient');
    let channel: MessagingChannel;
    try {
      channel = await channels.forTenant(input.tenantId, input.channel);
    } catch (error) {
      if (!(error instanceof ProviderError) || error.retryable) throw error;
      const { message: unsendable } = await claimSend(db.routine, input.tenantId, outboundFields(input, input.channel ?? 'WHATSAPP_CLOUD'), { dispatchAt: null, bookFrom: null, pacedSecondMs: PACED_SECOND_MS });
      return unsendable.status === 'FAILED' || unsendable.providerMessageId ? resultOf(unsendable) : resultOf(await recordOutcome(input, unsendable.id, error));
    }
    const { to, message, outcome, dispatch, window } = await prepareSend(db, input, outboundFields(input, channel.channel), taskQueue);
    if (outcome === 'sent' || outcome === 'failed') return resultOf(message);
    if (!dispatch?.won.has(message.id)) throw outcomeUnknown();
    try {
      // The message moved to the fallback in an earlier attempt: it goes on there, or fails if that channel is gone.
      if (message.channel !== channel.channel) channel = await channels.forTenant(input.tenantId, message.channel);
      // The Business API number is shared with campaigns and every other sender: this send takes its turn at the number's limit.
      if (channel.channel === 'WHATSAPP_CLOUD') await waitForSendSlot(db, input.tenantId, undefined, window);
    } catch (error) {
      if (error instanceof ProviderError && !error.retryable) return resultOf(await recordOutcome(input, message.id, error));
      // Not sent: the next attempt may send at once.
      await db.sqlInTenant(input.tenantId, (query) => releaseDispatch(query, message.id, dispatch.at));
      throw error;
    }
    return attempt({ ...input, to }, message, channel, dispatch.at);
  }

  /**
   * Sends again, through the agency's WhatsApp Web session, a message the Business API accepted and
   * later reported failed: as a new message (key `fallback:` and the original's), put on the lead's
   * timeline with the Business API's reason. Nothing is sent when the agency has no fallback (any
   * more) or the content exists only on the Business API.
   */
  async function sendThroughFallback(input: { tenantId: string; messageId: string }): Promise<SendMessageResult | null> {
    const original = await db.inTenant(input.tenantId, (tx) => tx.message.findUnique({ where: { id: input.messageId }, include: { lead: { select: { phone: true } } } }));
    const content = original?.content as OutboundContent | undefined;
    if (!original || original.status !== 'FAILED' || original.channel !== 'WHATSAPP_CLOUD' || !original.lead.phone || !content?.kind || !portable(content)) return null;
    let fallback: MessagingChannel | undefined;
    try {
      fallback = (await channels.forTenant(input.tenantId)).fallback;
    } catch (error) {
      if (!(error instanceof ProviderError) || error.retryable) throw error;
    }
    if (!fallback) return null;
    const resend: SendMessageInput = {
      tenantId: input.tenantId,
      leadId: original.leadId,
      conversationId: original.conversationId ?? undefined,
      to: original.lead.phone,
      channel: fallback.channel,
      content,
      idempotencyKey: `fallback:${original.idempotencyKey ?? original.id}`,
      sentById: original.sentById ?? undefined,
    };
    await db.inTenant(input.tenantId, async (tx) => {
      if (await tx.message.findFirst({ where: { idempotencyKey: resend.idempotencyKey }, select: { id: true } })) return;
      const created = await tx.message.create({ data: outboundMessageRow(resend, fallback.channel) });
      const reason = { reason: original.errorMessage ?? 'The Business API reported the message failed', ...(original.errorCode ? { code: original.errorCode } : {}) };
      await recordLeadEvent(tx, { leadId: original.leadId, type: 'message.fallback', payload: { messageId: created.id, failedMessageId: original.id, from: original.channel, to: fallback.channel, ...reason } });
    });
    return sendMessage(resend);
  }

  return { sendMessage, sendThroughFallback };
}

export type MessagingActivities = ReturnType<typeof createMessagingActivities>;
