export const VOICE_PURPOSES = ['VISIT_CONFIRMATION', 'VISIT_REMINDER', 'POST_VISIT', 'LOYALTY', 'CAMPAIGN', 'CUSTOM'] as const;

export interface VoiceMessageInput {
  tenantId: string;
  leadId: string;
  to: string;
  text: string;
  purpose: (typeof VOICE_PURPOSES)[number];
  requestId: string;
  /** Set when a campaign sends the note, so statuses and replies count for it. */
  campaignId?: string;
  /** How long to wait for the delivery status before recording the outcome as unconfirmed. */
  confirmWithinMs?: number;
}
