import { defineQuery } from '@temporalio/workflow';

/** Where a single send an agent asked for (a voice note, a property card) stands: in progress, then how it ended. */
export const SEND_STATES = ['preparing', 'sent', 'delivered', 'read', 'unconfirmed', 'failed', 'skipped'] as const;
export type SendState = (typeof SEND_STATES)[number];

export interface SendProgress {
  state: SendState;
  /** Why it failed (the provider's words) or was skipped (a skip reason such as `outside_service_window`). */
  reason?: string;
  /** A failure's code, for words people understand: the provider's (`131026`) or Astor's category (`auth`, `voice_generation`). */
  code?: string;
}

export const sendProgressQuery = defineQuery<SendProgress>('sendProgress');
