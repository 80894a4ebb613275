export const VOICE_PURPOSES = ['VISIT_CONFIRMATION', 'VISIT_REMINDER', 'POST_VISIT', 'LOYALTY', 'CAMPAIGN', 'CUSTOM'] as const;

import type { Channel } from '../prisma/generated/enums';

export interface VoiceMessageInput {
  tenantId: string;
  leadId: string;
  /** E.164, or the platform's contact id when `channel` is ManyChat or UChat. */
  to: string;
  /** The lead's ManyChat or UChat conversation; omitted: the agency's WhatsApp channel. */
  channel?: Channel;
  text: string;
  purpose: (typeof VOICE_PURPOSES)[number];
  requestId: string;
  /** Set when a campaign sends the note, so statuses and replies count for it. */
  campaignId?: string;
  /** How long to wait for the delivery status before recording the outcome as unconfirmed. */
  confirmWithinMs?: number;
}
