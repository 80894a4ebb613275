export const VOICE_PURPOSES = ['VISIT_CONFIRMATION', 'VISIT_REMINDER', 'POST_VISIT', 'LOYALTY', 'CUSTOM'] as const;

export interface VoiceMessageInput {
  tenantId: string;
  leadId: string;
  to: string;
  text: string;
  purpose: (typeof VOICE_PURPOSES)[number];
  requestId: string;
  /** How long to wait for the delivery status before recording the outcome as unconfirmed. */
  confirmWithinMs?: number;
}
