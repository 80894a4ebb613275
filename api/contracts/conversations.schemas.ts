import { z } from 'zod';
import { Channel, ConversationStatus, LeadStage, MessageDirection, MessageStatus, MessageType } from '../../prisma/generated/enums';
import { pageOf, pageQuery } from '../http/pagination';
import { text } from '../http/schemas';

export const listConversationsQuery = z.strictObject({
  /** `bot`: open conversations the bot is still answering, which any staff member may read and take over. */
  scope: z.enum(['mine', 'unassigned', 'bot', 'all']).default('mine'),
  status: z.enum(['OPEN', 'CLOSED']).default('OPEN'),
  ...pageQuery,
});

export type ListConversationsQuery = z.infer<typeof listConversationsQuery>;

const template = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _'),
  language: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'such as es or es_AR'),
  bodyParameters: z.array(z.string().max(1_000)).max(20).default([]),
});

export const replyBody = z
  .strictObject({
    text: text(4_096).optional(),
    template: template.optional(),
    /** Send the same id again to retry safely: the message goes out once. */
    clientMessageId: z.uuid().optional(),
  })
  .refine((body) => Boolean(body.text) !== Boolean(body.template), { message: 'send either text or template', path: ['text'] });

export const transferBody = z.strictObject({ toUserId: z.uuid() });
export const messagesQuery = z.strictObject({ ...pageQuery });

const instant = z.iso.datetime();
const leadSummary = z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string().nullable(), stage: z.enum(LeadStage) });

export const conversationSchema = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  channel: z.enum(Channel),
  contact: z.string(),
  status: z.enum(ConversationStatus),
  botActive: z.boolean(),
  assigneeId: z.uuid().nullable(),
  workflowId: z.string().nullable(),
  lastInboundAt: instant.nullable(),
  lastMessageAt: instant.nullable(),
  waitingSince: instant.nullable(),
  slaBreaches: z.number().int(),
  openedAt: instant,
  closedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});

export const conversationPageSchema = pageOf(conversationSchema.extend({ lead: leadSummary }));

/** `live` is the open conversation's workflow state (null when closed or not answering); the lead is summarized as in the list. */
export const conversationDetailSchema = conversationSchema.extend({ lead: leadSummary, live: z.unknown() });

export const messageSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid().nullable(),
  leadId: z.uuid(),
  campaignId: z.uuid().nullable(),
  direction: z.enum(MessageDirection),
  type: z.enum(MessageType),
  channel: z.enum(Channel),
  body: z.string().nullable(),
  content: z.unknown(),
  mediaUrl: z.string().nullable(),
  mimeType: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  status: z.enum(MessageStatus),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  sentById: z.uuid().nullable(),
  processedAt: instant.nullable(),
  contextProviderId: z.string().nullable(),
  reaction: z.string().nullable(),
  replyTo: z.object({ id: z.uuid(), preview: z.string() }).nullable(),
  sentAt: instant.nullable(),
  deliveredAt: instant.nullable(),
  readAt: instant.nullable(),
  failedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});

export const messagePageSchema = pageOf(messageSchema);

export const replySentSchema = z.object({
  messageId: z.uuid(),
  providerMessageId: z.string().nullable(),
  status: z.enum(['SENT', 'FAILED']),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const commandDoneSchema = z.object({ ok: z.literal(true) });
