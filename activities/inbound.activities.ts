import type { InboundMessage } from '../domain/messaging';
import { previewOf } from '../domain/messaging';
import { isOptOutRequest } from '../domain/opt-out';
import type { Database, TenantTx } from '../prisma/client';
import type { Channel, MessageType } from '../prisma/generated/enums';
import { publishInboxEvent } from '../prisma/inbox-events';
import { recordLeadEvent } from '../prisma/repositories/lead-events';
import { createLead } from '../prisma/repositories/leads.repository';
import { tenantContext } from '../prisma/tenant-context';

export interface InboundRecord {
  duplicate: boolean;
  leadId: string;
  conversationId: string;
  messageId: string;
  leadCreated: boolean;
  /** This message asked to stop receiving messages, and the lead was not opted out before. */
  optedOut: boolean;
  /** The message belongs to a conversation still open (a duplicate may belong to one closed since). */
  inOpenConversation: boolean;
}

/** A reply within this time of a campaign message counts for that campaign. */
const REPLY_ATTRIBUTION_MS = 7 * 24 * 3_600_000;

/** The latest campaign that reached the lead recently gets the reply; returns its id. */
async function attributeReply(tx: TenantTx, leadId: string, at: Date): Promise<string | undefined> {
  const recipient = await tx.campaignRecipient.findFirst({
    where: { leadId, status: { in: ['SENT', 'DELIVERED', 'READ', 'REPLIED'] }, sentAt: { gte: new Date(at.getTime() - REPLY_ATTRIBUTION_MS) } },
    orderBy: { sentAt: 'desc' },
    select: { id: true, campaignId: true, status: true },
  });
  if (!recipient) return undefined;
  if (recipient.status !== 'REPLIED') {
    await tx.campaignRecipient.update({ where: { id: recipient.id }, data: { status: 'REPLIED', repliedAt: at } });
    await recordLeadEvent(tx, { leadId, type: 'campaign.replied', payload: { campaignId: recipient.campaignId } });
  }
  return recipient.campaignId;
}

async function optOutIfAsked(tx: TenantTx, lead: { id: string; optOut: boolean }, message: InboundMessage): Promise<boolean> {
  if (lead.optOut || !isOptOutRequest(message.text ?? message.reply?.title)) return false;
  await tx.lead.update({ where: { id: lead.id }, data: { optOut: true, optOutAt: new Date() } });
  await recordLeadEvent(tx, { leadId: lead.id, type: 'lead.opted_out', payload: { providerMessageId: message.providerMessageId, text: message.text ?? message.reply?.title ?? '' } });
  return true;
}

const MESSAGE_TYPES: Record<InboundMessage['type'], MessageType> = {
  text: 'TEXT',
  image: 'IMAGE',
  audio: 'AUDIO',
  video: 'VIDEO',
  document: 'DOCUMENT',
  button: 'INTERACTIVE',
  interactive: 'INTERACTIVE',
  location: 'LOCATION',
  unsupported: 'UNSUPPORTED',
};

const ORIGIN_BY_CHANNEL = { WHATSAPP_CLOUD: 'WHATSAPP', WHATSAPP_WEB: 'WHATSAPP', MANYCHAT: 'MANYCHAT', UCHAT: 'UCHAT', WEB: 'WEB' } as const;

/** WhatsApp addresses contacts by phone; ManyChat and UChat by their own id, with the phone when they know it. */
async function leadFor(tx: TenantTx, channel: Channel, message: InboundMessage) {
  const phone = channel === 'WHATSAPP_CLOUD' || channel === 'WHATSAPP_WEB' ? message.contact : message.contactPhone;
  const existing = phone ? await tx.lead.findFirst({ where: { phone } }) : await leadOfEarlierConversation(tx, channel, message.contact);
  if (existing) return { lead: existing, created: false };
  const lead = await createLead(tx, { phone: phone ?? null, name: message.contactName ?? null, email: message.contactEmail ?? null, origin: ORIGIN_BY_CHANNEL[channel] });
  return { lead, created: true };
}

async function leadOfEarlierConversation(tx: TenantTx, channel: Channel, contact: string) {
  const earlier = await tx.conversation.findFirst({ where: { channel, contact }, orderBy: { openedAt: 'desc' }, select: { lead: true } });
  return earlier?.lead;
}

async function openConversationFor(tx: TenantTx, channel: Channel, contact: string, leadId: string, botActive: boolean, workflowId: string) {
  const open = await tx.conversation.findFirst({ where: { channel, contact, status: 'OPEN' } });
  if (open) return open;
  const { tenantId } = tenantContext.require('open conversation');
  const conversation = await tx.conversation.create({ data: { tenantId, channel, contact, leadId, botActive, workflowId } });
  await recordLeadEvent(tx, { leadId, type: 'conversation.opened', payload: { conversationId: conversation.id, channel } });
  return conversation;
}

export function createInboundActivities({ db }: { db: Database }) {
  return {
    /**
     * Stores one inbound message exactly once (unique per tenant and provider id), with its lead
     * (created on first contact) and its open conversation (opened if none).
     */
    async recordInbound(input: { tenantId: string; channel: Channel; message: InboundMessage; botActive: boolean; workflowId: string }): Promise<InboundRecord> {
      const { tenantId, channel, message } = input;
      return db.inTenant(tenantId, async (tx) => {
        const seen = await tx.message.findFirst({ where: { providerMessageId: message.providerMessageId }, select: { id: true, leadId: true, conversationId: true, conversation: { select: { status: true } } } });
        if (seen) {
          const inOpenConversation = seen.conversation?.status === 'OPEN';
          return { duplicate: true, leadId: seen.leadId, conversationId: seen.conversationId ?? '', messageId: seen.id, leadCreated: false, optedOut: false, inOpenConversation };
        }
        const { lead, created } = await leadFor(tx, channel, message);
        const conversation = await openConversationFor(tx, channel, message.contact, lead.id, input.botActive, input.workflowId);
        const sentAt = new Date(message.sentAt);
        const campaignId = await attributeReply(tx, lead.id, sentAt);
        const optedOut = await optOutIfAsked(tx, lead, message);
        const stored = await tx.message.create({
          data: {
            tenantId,
            conversationId: conversation.id,
            leadId: lead.id,
            campaignId: campaignId ?? null,
            direction: 'INBOUND',
            type: MESSAGE_TYPES[message.type],
            channel,
            body: message.text ?? message.reply?.title ?? message.media?.caption ?? null,
            content: JSON.parse(JSON.stringify(message)) as object,
            mimeType: message.media?.mimeType ?? null,
            providerMessageId: message.providerMessageId,
            status: 'RECEIVED',
            sentAt,
          },
        });
        const now = new Date();
        await tx.conversation.update({
          where: { id: conversation.id },
          data: { lastInboundAt: sentAt, lastMessageAt: now, ...(conversation.botActive || conversation.waitingSince ? {} : { waitingSince: now }) },
        });
        await tx.lead.update({ where: { id: lead.id }, data: { lastInboundAt: sentAt, lastContactAt: now } });
        const preview = previewOf(message);
        await recordLeadEvent(tx, { leadId: lead.id, type: 'message.inbound', origin: ORIGIN_BY_CHANNEL[channel], payload: { messageId: stored.id, conversationId: conversation.id, preview } });
        await publishInboxEvent(tx, { tenantId, type: 'message.created', conversationId: conversation.id, assigneeId: conversation.assigneeId, messageId: stored.id, preview });
        return { duplicate: false, leadId: lead.id, conversationId: conversation.id, messageId: stored.id, leadCreated: created, optedOut, inOpenConversation: true };
      });
    },
  };
}

export type InboundActivities = ReturnType<typeof createInboundActivities>;
