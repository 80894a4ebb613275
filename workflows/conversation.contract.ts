import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OutboundContent } from '../domain/messaging';
import { queries, signals, updates } from '../domain/temporal-contracts';
import type { SendMessageResult } from '../activities/messaging.activities';
import type { ConversationState, publicView } from './conversation.state';

/**
 * No contact in here: the workflow knows its conversation by id once it takes up the first message, and
 * the activities read the contact's number from PostgreSQL, so Temporal's history never holds it.
 */
export interface ConversationInput {
  tenantId: string;
  channel: ConversationState['channel'];
  /** Only in runs started before contact keys (and carried by their continue-as-new); nothing reads it. */
  contact?: string;
  /** Present when continuing as new. */
  state?: ConversationState;
  /** History events after which the run continues as new (tests lower it). */
  historyLimit?: number;
}

/** Who asks: agents act on their own conversations, admins on any. */
export interface Actor {
  userId: string;
  isAdmin: boolean;
}

/** An inbound message stored by the webhook's edge write: the workflow reads the rest from PostgreSQL. */
export interface InboundRef {
  messageId: string;
  providerMessageId: string;
}

/** Inbound messages of the conversation's contact, in arrival order. */
export const inboundMessagesSignal = defineSignal<[InboundRef[]]>(signals.inboundMessages);
export const conversationStateQuery = defineQuery<ReturnType<typeof publicView>>(queries.conversationState);
export const agentReplyUpdate = defineUpdate<SendMessageResult, [{ actor: Actor; content: OutboundContent; requestId: string }]>(updates.agentReply);
export const claimUpdate = defineUpdate<void, [{ actor: Actor }]>(updates.claim);
export const transferUpdate = defineUpdate<void, [{ actor: Actor; toUserId: string }]>(updates.transfer);
export const returnToBotUpdate = defineUpdate<void, [{ actor: Actor }]>(updates.returnToBot);
export const closeUpdate = defineUpdate<void, [{ actor: Actor }]>(updates.close);
