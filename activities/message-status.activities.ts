import type { Client } from '@temporalio/client';
import { portable, type DeliveryStatus, type MessageStatusUpdate, type OutboundContent } from '../domain/messaging';
import { SEARCH_ATTRIBUTES, workflowIds, workflowNames } from '../domain/temporal-contracts';
import { startOnce } from '../temporal/start-once';
import type { Database, TenantTx } from '../prisma/client';
import type { Message, MessageStatus, Prisma, RecipientStatus } from '../prisma/generated/client';
import { publishInboxEvent } from '../prisma/inbox-events';
import { recordLeadEvent } from '../prisma/repositories/lead-events';

/**
 * Statuses applied per transaction: the rows a transaction updates stay locked until it commits, and
 * a status webhook records its send evidence on the same rows before it is acknowledged (send-evidence).
 */
const STATUSES_PER_TRANSACTION = 10;

const RANK: Record<MessageStatus, number> = { RECEIVED: 0, QUEUED: 1, SENT: 2, DELIVERED: 3, READ: 4, FAILED: 5 };
const STATUS_OF: Record<DeliveryStatus, MessageStatus> = { sent: 'SENT', delivered: 'DELIVERED', read: 'READ', failed: 'FAILED' };

/** Statuses arrive out of order and repeated: a message only moves forward (a failure after "read" is ignored). */
export function advances(current: MessageStatus, next: MessageStatus): boolean {
  if (next === 'FAILED') return current !== 'READ' && current !== 'FAILED';
  return current !== 'FAILED' && RANK[next] > RANK[current];
}

function changeFor(update: MessageStatusUpdate): Prisma.MessageUpdateInput {
  const at = new Date(update.at);
  switch (update.status) {
    case 'sent':
      return { status: 'SENT', sentAt: at };
    case 'delivered':
      return { status: 'DELIVERED', deliveredAt: at };
    case 'read':
      return { status: 'READ', readAt: at };
    case 'failed':
      return { status: 'FAILED', failedAt: at, errorCode: update.error?.code ?? null, errorMessage: update.error ? `${update.error.title}${update.error.message ? `: ${update.error.message}` : ''}` : null };
  }
}

async function find(tx: TenantTx, update: MessageStatusUpdate): Promise<Message | null> {
  const byId = await tx.message.findFirst({ where: { providerMessageId: update.providerMessageId } });
  if (byId || !update.callbackData) return byId;
  // The status may overtake the send's own bookkeeping: our key, echoed by the provider, finds the message.
  return tx.message.findFirst({ where: { idempotencyKey: update.callbackData } });
}

/**
 * A failure the Business API reports after accepting a message the Web session could send instead
 * (the agency's fallback, checked by the caller); applied again, it counts again, so a resend lost
 * with its worker is started on the status's next delivery or retry.
 */
function mayFallBack(message: Message, next: MessageStatus): boolean {
  if (next !== 'FAILED' || message.direction !== 'OUTBOUND' || message.channel !== 'WHATSAPP_CLOUD' || message.campaignId) return false;
  const content = message.content as OutboundContent | null;
  return (message.status === 'FAILED' || advances(message.status, next)) && Boolean(content?.kind) && portable(content!);
}

/** Applies one status; answers the message it concerns (null when unknown) and whether it may take the fallback. */
async function applyOne(tx: TenantTx, tenantId: string, update: MessageStatusUpdate): Promise<{ id: string; fallback: boolean } | null> {
  const message = await find(tx, update);
  if (!message) return null;
  const next = STATUS_OF[update.status];
  const applied = { id: message.id, fallback: mayFallBack(message, next) };
  const adopt = message.providerMessageId ? {} : { providerMessageId: update.providerMessageId };
  if (!advances(message.status, next)) {
    if (Object.keys(adopt).length) await tx.message.update({ where: { id: message.id }, data: adopt });
    return applied;
  }
  await tx.message.update({ where: { id: message.id }, data: { ...changeFor(update), ...adopt } });
  if (message.campaignId) {
    const recipient = campaignChange(update);
    await tx.campaignRecipient.updateMany({ where: { messageId: message.id, status: { in: recipient.from } }, data: { ...recipient.data, providerMessageId: update.providerMessageId } });
  }
  if (next === 'FAILED') await recordLeadEvent(tx, { leadId: message.leadId, type: 'message.failed', payload: { messageId: message.id, code: update.error?.code ?? null, reason: update.error?.title ?? null } });
  if (message.conversationId) {
    const conversation = await tx.conversation.findUnique({ where: { id: message.conversationId }, select: { assigneeId: true } });
    await publishInboxEvent(tx, { tenantId, type: 'message.status', conversationId: message.conversationId, assigneeId: conversation?.assigneeId ?? null, messageId: message.id, status: next });
  }
  return applied;
}

/** A campaign recipient moves forward only: a late "read" never overwrites a reply. */
function campaignChange(update: MessageStatusUpdate): { from: RecipientStatus[]; data: Prisma.CampaignRecipientUpdateManyMutationInput } {
  const at = new Date(update.at);
  // "sent" settles a recipient whose send outcome was lost with a crashed worker.
  if (update.status === 'sent') return { from: ['SENDING'], data: { status: 'SENT', sentAt: at } };
  if (update.status === 'delivered') return { from: ['PENDING', 'SENDING', 'SENT'], data: { status: 'DELIVERED', deliveredAt: at } };
  if (update.status === 'read') return { from: ['PENDING', 'SENDING', 'SENT', 'DELIVERED'], data: { status: 'READ', readAt: at } };
  return { from: ['PENDING', 'SENDING', 'SENT', 'DELIVERED'], data: { status: 'FAILED', errorCode: update.error?.code ?? null, errorMessage: update.error?.title ?? null } };
}

export function createMessageStatusActivities({ db, temporal, taskQueue }: { db: Database; temporal: Client; taskQueue: string }) {
  return {
    /**
     * Applies a batch of delivery statuses; returns those whose message is not (yet) known, to try
     * again later. Failures the agency's Web session may make up for start their resend (once per message).
     */
    async applyMessageStatuses(input: { tenantId: string; updates: MessageStatusUpdate[] }): Promise<MessageStatusUpdate[]> {
      const { tenantId } = input;
      const unknown: MessageStatusUpdate[] = [];
      const failed = new Set<string>();
      for (let start = 0; start < input.updates.length; start += STATUSES_PER_TRANSACTION) {
        await db.inTenant(tenantId, async (tx) => {
          for (const update of input.updates.slice(start, start + STATUSES_PER_TRANSACTION)) {
            const applied = await applyOne(tx, tenantId, update);
            if (!applied) unknown.push(update);
            else if (applied.fallback) failed.add(applied.id);
          }
        });
      }
      const enabled = failed.size > 0 && Boolean((await db.inTenant(tenantId, (tx) => tx.whatsAppChannel.findFirst({ select: { fallbackToWeb: true } })))?.fallbackToWeb);
      for (const messageId of enabled ? failed : []) {
        await startOnce(temporal, workflowNames.messageFallback, { workflowId: workflowIds.messageFallback(tenantId, messageId), taskQueue, args: [{ tenantId, messageId }], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [messageId] } });
      }
      return unknown;
    },
  };
}

export type MessageStatusActivities = ReturnType<typeof createMessageStatusActivities>;
