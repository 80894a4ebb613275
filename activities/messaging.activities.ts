import { ApplicationFailure } from '@temporalio/common';
import { portable, previewOf, type OutboundContent } from '../domain/messaging';
import type { Database, TenantTx } from '../prisma/client';
import type { Channel, Message, MessageType, Prisma } from '../prisma/generated/client';
import { publishInboxEvent } from '../prisma/inbox-events';
import { recordWhatsAppAuthFailure } from '../prisma/repositories/integration-secrets';
import { recordLeadEvent } from '../prisma/repositories/lead-events';
import { confirmedThrough, dispatchOutcome, markDispatched, releaseDispatch } from '../prisma/repositories/send-dispatch';
import { tenantContext } from '../prisma/tenant-context';
import type { ChannelRegistry } from '../integrations/channel-registry';
import type { MessagingChannel } from '../integrations/channel';
import { isFinalAttempt } from './final-attempt';
import { waitForSendSlot } from './campaign/send-window';
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

const resultOf = (message: Message): SendMessageResult => ({
  messageId: message.id,
  providerMessageId: message.providerMessageId,
  status: message.status === 'FAILED' ? 'FAILED' : 'SENT',
  ...(message.status === 'FAILED' ? { error: { code: message.errorCode ?? 'unknown', message: message.errorMessage ?? '' } } : {}),
});

/** The row that claims an outbound message's idempotency key before the provider is called. */
export function outboundMessageRow(input: Omit<SendMessageInput, 'to'>, channel: Channel): Prisma.MessageCreateManyInput {
  return {
    tenantId: tenantContext.require('claim message').tenantId,
    leadId: input.leadId,
    conversationId: input.conversationId ?? null,
    campaignId: input.campaignId ?? null,
    direction: 'OUTBOUND',
    type: typeOf(input.content),
    channel,
    body: previewOf(input.content),
    content: JSON.parse(JSON.stringify(input.content)) as object,
    mediaUrl: input.content.kind === 'media' ? (input.content.link ?? null) : null,
    idempotencyKey: input.idempotencyKey,
    status: 'QUEUED',
    sentById: input.sentById ?? null,
  };
}

async function claim(tx: TenantTx, input: SendMessageInput, channel: Channel): Promise<Message> {
  const existing = await tx.message.findFirst({ where: { idempotencyKey: input.idempotencyKey } });
  return existing ?? tx.message.create({ data: outboundMessageRow(input, channel) });
}

/**
 * The provider took the message. Its status webhook may have reached the row first (by the callback
 * key), so the send only moves the status forward and keeps the time a status already recorded.
 */
async function recordSent(tx: TenantTx, messageId: string, providerMessageId: string): Promise<Message> {
  await tx.$executeRaw`UPDATE "Message" SET status = CASE WHEN status IN ('RECEIVED', 'QUEUED') THEN 'SENT'::"MessageStatus" ELSE status END,
    "providerMessageId" = COALESCE("providerMessageId", ${providerMessageId}), "sentAt" = COALESCE("sentAt", astor_utc_now()), "updatedAt" = astor_utc_now()
    WHERE id = ${messageId}::uuid`;
  return tx.message.findUniqueOrThrow({ where: { id: messageId } });
}

export function createMessagingActivities({ db, channels }: { db: Database; channels: ChannelRegistry }) {
  const inTenant = <T>(tenantId: string, work: (tx: TenantTx) => Promise<T>) => db.inTenant(tenantId, work);

  async function recordOutcome(input: SendMessageInput, messageId: string, outcome: { providerMessageId: string } | ProviderError): Promise<Message> {
    return inTenant(input.tenantId, async (tx) => {
      const failed = outcome instanceof ProviderError;
      const message = failed
        ? await tx.message.update({ where: { id: messageId }, data: { status: 'FAILED', errorCode: outcome.details.code ?? outcome.category, errorMessage: outcome.message, failedAt: new Date() } })
        : await recordSent(tx, messageId, outcome.providerMessageId);
      if (message.conversationId) {
        const conversation = await tx.conversation.update({
          where: { id: message.conversationId },
          data: { lastMessageAt: new Date(), ...(input.sentById && !failed ? { waitingSince: null } : {}) },
        });
        await publishInboxEvent(tx, { tenantId: input.tenantId, type: 'message.created', conversationId: conversation.id, assigneeId: conversation.assigneeId, messageId, status: message.status, preview: message.body ?? undefined });
      }
      if (!failed) await tx.lead.update({ where: { id: input.leadId }, data: { lastContactAt: new Date() } });
      await recordLeadEvent(tx, {
        leadId: input.leadId,
        type: failed ? 'message.failed' : 'message.outbound',
        payload: { messageId, preview: message.body ?? '', ...(failed ? { reason: outcome.message } : {}), ...(input.campaignId ? { campaignId: input.campaignId } : {}) },
      });
      return message;
    });
  }

  /**
   * The Business API refused the message for good and the tenant enabled the fallback: the row moves to
   * the Web session before the session is called, so a retried attempt goes on there and never back.
   */
  async function switchToFallback(input: SendMessageInput, message: Message, from: MessagingChannel, reason: ProviderError): Promise<Message> {
    return inTenant(input.tenantId, async (tx) => {
      const moved = await tx.message.update({ where: { id: message.id }, data: { channel: from.fallback!.channel, sendAttemptedAt: new Date() } });
      await recordLeadEvent(tx, { leadId: input.leadId, type: 'message.fallback', payload: { messageId: message.id, from: from.channel, to: moved.channel, reason: reason.message, ...(reason.details.code ? { code: reason.details.code } : {}) } });
      return moved;
    });
  }

  /** The recipient, resolved before anything is claimed or dispatched. */
  async function withRecipient(input: SendMessageInput): Promise<SendMessageInput & { to: string }> {
    if (input.to) return { ...input, to: input.to };
    if (!input.conversationId) throw ApplicationFailure.nonRetryable('A message needs a recipient or a conversation', 'NoRecipient');
    const { contact } = await inTenant(input.tenantId, (tx) => tx.conversation.findUniqueOrThrow({ where: { id: input.conversationId }, select: { contact: true } }));
    return { ...input, to: contact };
  }

  /** One call to the provider, dispatched at `dispatchedAt`, with the bookkeeping that keeps it at most once. */
  async function attempt(input: SendMessageInput & { to: string }, message: Message, channel: MessagingChannel, dispatchedAt: Date): Promise<SendMessageResult> {
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
          await inTenant(input.tenantId, (tx) => releaseDispatch(tx, message.id, dispatchedAt));
        }
        throw error.toApplicationFailure();
      }
      if (error.category === 'auth' && channel.channel === 'WHATSAPP_CLOUD') await inTenant(input.tenantId, (tx) => recordWhatsAppAuthFailure(tx, error.message));
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
  async function sendMessage(request: SendMessageInput): Promise<SendMessageResult> {
    const input = await withRecipient(request);
    let channel: MessagingChannel;
    try {
      channel = await channels.forTenant(input.tenantId, input.channel);
    } catch (error) {
      if (!(error instanceof ProviderError) || error.retryable) throw error;
      const unsendable = await inTenant(input.tenantId, (tx) => claim(tx, input, input.channel ?? 'WHATSAPP_CLOUD'));
      return unsendable.status === 'FAILED' || unsendable.providerMessageId ? resultOf(unsendable) : resultOf(await recordOutcome(input, unsendable.id, error));
    }
    const { message, confirmed } = await inTenant(input.tenantId, async (tx) => {
      const claimed = await claim(tx, input, channel.channel);
      return { message: claimed, confirmed: claimed.sendAttemptedAt ? await confirmedThrough(tx, claimed.channel) : null };
    });
    const outcome = dispatchOutcome(message, confirmed, Date.now());
    if (outcome === 'sent' || outcome === 'failed') return resultOf(message);
    if (outcome === 'unknown') throw outcomeUnknown();
    if (message.channel !== channel.channel) {
      // The message moved to the fallback in an earlier attempt: it goes on there, or fails if that channel is gone.
      try {
        channel = await channels.forTenant(input.tenantId, message.channel);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.retryable) throw error;
        return resultOf(await recordOutcome(input, message.id, error));
      }
    }
    const dispatch = await inTenant(input.tenantId, (tx) => markDispatched(tx, [{ id: message.id, seen: message.sendAttemptedAt }]));
    if (!dispatch.won.has(message.id)) throw outcomeUnknown();
    // The Business API number is shared with campaigns and every other sender: this send takes its turn at the
    // number's limit, right before the provider is called so that no write stands between its slot and the call.
    if (channel.channel === 'WHATSAPP_CLOUD') {
      try {
        await waitForSendSlot(db, input.tenantId);
      } catch (error) {
        // Not sent: the next attempt may send at once.
        await inTenant(input.tenantId, (tx) => releaseDispatch(tx, message.id, dispatch.at));
        throw error;
      }
    }
    return attempt(input, message, channel, dispatch.at);
  }

  /**
   * Sends again, through the agency's WhatsApp Web session, a message the Business API accepted and
   * later reported failed: as a new message (key `fallback:` and the original's), put on the lead's
   * timeline with the Business API's reason. Nothing is sent when the agency has no fallback (any
   * more) or the content exists only on the Business API.
   */
  async function sendThroughFallback(input: { tenantId: string; messageId: string }): Promise<SendMessageResult | null> {
    const original = await inTenant(input.tenantId, (tx) => tx.message.findUnique({ where: { id: input.messageId }, include: { lead: { select: { phone: true } } } }));
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
    await inTenant(input.tenantId, async (tx) => {
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
