import type {
  CampaignStatus,
  ConversationStatus,
  ImportStatus,
  LeadStage,
  MessageStatus,
  PropertyStatus,
  RecipientStatus,
  TemplateStatus,
  VisitStatus,
  WhatsAppChannelStatus,
} from '../../prisma/generated/enums';

/**
 * What a status means to the person reading it, the same colour on every screen: done well
 * (positive), under way (progress), needs a look (warning), went wrong (negative), or nothing to
 * act on (neutral).
 */
export type Tone = 'positive' | 'progress' | 'warning' | 'negative' | 'neutral';

const campaignStatus: Record<CampaignStatus, Tone> = { DRAFT: 'neutral', SCHEDULED: 'progress', RUNNING: 'progress', PAUSED: 'warning', COMPLETED: 'positive', CANCELLED: 'neutral', FAILED: 'negative' };
const recipientStatus: Record<RecipientStatus, Tone> = { PENDING: 'neutral', SENDING: 'progress', SENT: 'progress', DELIVERED: 'positive', READ: 'positive', REPLIED: 'positive', FAILED: 'negative', SKIPPED: 'warning', DECLINED: 'warning' };
const messageStatus: Record<MessageStatus, Tone> = { RECEIVED: 'neutral', QUEUED: 'progress', SENT: 'progress', DELIVERED: 'positive', READ: 'positive', FAILED: 'negative' };
const conversationStatus: Record<ConversationStatus, Tone> = { OPEN: 'progress', CLOSED: 'neutral' };
const propertyStatus: Record<PropertyStatus, Tone> = { AVAILABLE: 'positive', RESERVED: 'warning', SOLD: 'neutral', RENTED: 'neutral' };
const visitStatus: Record<VisitStatus, Tone> = { SCHEDULED: 'progress', CONFIRMED: 'positive', DONE: 'positive', CANCELLED: 'neutral', NO_SHOW: 'negative' };
const channelStatus: Record<WhatsAppChannelStatus, Tone> = { PENDING: 'warning', CONNECTED: 'positive', DISCONNECTED: 'neutral', ERROR: 'negative' };
const templateStatus: Record<TemplateStatus, Tone> = { PENDING: 'progress', APPROVED: 'positive', REJECTED: 'negative', PAUSED: 'warning', DISABLED: 'negative' };
const importStatus: Record<ImportStatus, Tone> = { DRY_RUN: 'neutral', APPLYING: 'progress', APPLIED: 'positive', UNDOING: 'progress', UNDONE: 'neutral', FAILED: 'negative' };
const stage: Record<LeadStage, Tone> = { NEW: 'neutral', CONTACTED: 'progress', QUALIFIED: 'progress', VISIT_SCHEDULED: 'progress', NEGOTIATION: 'warning', WON: 'positive', LOST: 'negative' };

const TONES = { campaignStatus, recipientStatus, messageStatus, conversationStatus, propertyStatus, visitStatus, channelStatus, templateStatus, importStatus, stage };

export type TonedKind = keyof typeof TONES;

export function toneOf(kind: TonedKind, code: string): Tone {
  return (TONES[kind] as Record<string, Tone>)[code] ?? 'neutral';
}
