import type { InboundMessage } from '../domain/messaging';
import { isOptOutRequest } from '../domain/opt-out';
import type { Database, TenantTx } from '../prisma/client';
import type { Channel } from '../prisma/generated/enums';
import { recordLeadEvent } from '../prisma/repositories/lead-events';
import { tenantContext } from '../prisma/tenant-context';

export interface AcceptedInbound {
  /** Taken up before: by an earlier run, or by a task lost with its worker before the reply went out. */
  duplicate: boolean;
  leadId: string;
  conversationId: string;
  /** The conversation is still open (a duplicate may belong to one closed since). */
  inOpenConversation: boolean;
  /** This message asked to stop receiving messages, and the lead was not opted out before. */
  optedOut: boolean;
  message: InboundMessage;
}

/** A reply within this time of a campaign message counts for that campaign, when it quotes none. */
const REPLY_ATTRIBUTION_MS = 7 * 24 * 3_600_000;

const RECIPIENT_FIELDS = { id: true, campaignId: true, status: true } as const;

/** The campaign recipient a reply answers: the one whose message it quotes (a button, a quoted reply), else the latest campaign that reached the lead recently. */
async function answeredRecipient(tx: TenantTx, leadId: string, at: Date, quotedProviderId: string | null) {
  const quoted = quotedProviderId ? await tx.message.findFirst({ where: { providerMessageId: quotedProviderId, direction: 'OUTBOUND' }, select: { campaignId: true } }) : null;
  if (quoted) {
    const recipient = quoted.campaignId ? await tx.campaignRecipient.findFirst({ where: { leadId, campaignId: quoted.campaignId }, select: RECIPIENT_FIELDS }) : null;
    return recipient && { recipient, by: 'quoted_message' };
  }
  const recipient = await tx.campaignRecipient.findFirst({
    where: { leadId, status: { in: ['SENT', 'DELIVERED', 'READ', 'REPLIED'] }, sentAt: { gte: new Date(at.getTime() - REPLY_ATTRIBUTION_MS) } },
    orderBy: { sentAt: 'desc' },
    select: RECIPIENT_FIELDS,
  });
  return recipient && { recipient, by: 'time_window' };
}

async function attributeReply(tx: TenantTx, leadId: string, at: Date, quotedProviderId: string | null): Promise<string | undefined> {
  const answered = await answeredRecipient(tx, leadId, at, quotedProviderId);
  if (!answered) return undefined;
  const { recipient, by } = answered;
  if (recipient.status !== 'REPLIED') {
    await tx.campaignRecipient.update({ where: { id: recipient.id }, data: { status: 'REPLIED', repliedAt: at } });
    await recordLeadEvent(tx, { leadId, type: 'campaign.replied', payload: { campaignId: recipient.campaignId, by } });
  }
  return recipient.campaignId;
}

async function optOutIfAsked(tx: TenantTx, lead: { id: string; optOut: boolean }, message: InboundMessage): Promise<boolean> {
  if (lead.optOut || !isOptOutRequest(message.text ?? message.reply?.title)) return false;
  await tx.lead.update({ where: { id: lead.id }, data: { optOut: true, optOutAt: new Date() } });
  await recordLeadEvent(tx, { leadId: lead.id, type: 'lead.opted_out', payload: { providerMessageId: message.providerMessageId, text: message.text ?? message.reply?.title ?? '' } });
  return true;
}

/** The open conversation a message closed-over before the workflow took it up moves to (opened if none). */
async function openConversationFor(tx: TenantTx, channel: Channel, contact: string, leadId: string, botActive: boolean) {
  const open = await tx.conversation.findFirst({ where: { channel, contact, status: 'OPEN' } });
  if (open) return open;
  const { tenantId } = tenantContext.require('open conversation');
  const conversation = await tx.conversation.create({ data: { tenantId, channel, contact, leadId, botActive } });
  await recordLeadEvent(tx, { leadId, type: 'conversation.opened', payload: { conversationId: conversation.id, channel } });
  return conversation;
}

export function createInboundActivities({ db }: { db: Database }) {
  return {
    /**
     * Takes up one message the webhook's edge write stored: marks it processed (once), attributes a
     * campaign reply, honours an opt-out, and keeps the conversation's routing in step with the
     * workflow (a message whose conversation was closed meanwhile moves to the next one).
     */
    async acceptInbound(input: { tenantId: string; messageId: string; workflowId: string; botActive: boolean; firstOfRun: boolean }): Promise<AcceptedInbound> {
      return db.inTenant(input.tenantId, async (tx) => {
        const stored = await tx.message.findUniqueOrThrow({ where: { id: input.messageId }, include: { conversation: true, lead: { select: { id: true, optOut: true } } } });
        const message = stored.content as unknown as InboundMessage;
        let conversation = stored.conversation!;
        if (stored.processedAt) {
          return { duplicate: true, leadId: stored.leadId, conversationId: conversation.id, inOpenConversation: conversation.status === 'OPEN', optedOut: false, message };
        }
        if (conversation.status !== 'OPEN') {
          conversation = await openConversationFor(tx, stored.channel, conversation.contact, stored.leadId, input.botActive);
          await tx.message.update({ where: { id: stored.id }, data: { conversationId: conversation.id } });
        }
        const routing = input.firstOfRun && conversation.botActive !== input.botActive ? { botActive: input.botActive, ...(input.botActive ? {} : { waitingSince: conversation.waitingSince ?? new Date() }) } : {};
        if (conversation.workflowId !== input.workflowId || Object.keys(routing).length) {
          await tx.conversation.update({ where: { id: conversation.id }, data: { workflowId: input.workflowId, ...routing } });
        }
        const campaignId = await attributeReply(tx, stored.leadId, stored.sentAt ?? stored.createdAt, stored.contextProviderId);
        const optedOut = await optOutIfAsked(tx, stored.lead, message);
        await tx.message.update({ where: { id: stored.id }, data: { processedAt: new Date(), ...(campaignId ? { campaignId } : {}) } });
        return { duplicate: false, leadId: stored.leadId, conversationId: conversation.id, inOpenConversation: true, optedOut, message };
      });
    },
  };
}

export type InboundActivities = ReturnType<typeof createInboundActivities>;
