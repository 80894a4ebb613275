import { defineSignal } from '@temporalio/workflow';
import type { InboundMessage, MessageStatusUpdate } from '../domain/messaging';
import { signals } from '../domain/temporal-contracts';
import type { ConversationState } from './conversation.state';

/** Webhook events acknowledged together: inbound messages in arrival order, and delivery statuses. */
export interface IngressBatch {
  inbound: { channel: ConversationState['channel']; message: InboundMessage }[];
  statuses: MessageStatusUpdate[];
}

export interface WebhookIngressInput {
  tenantId: string;
  shard: number;
  /** Batches not yet dispatched when the run continued as new. */
  pending?: IngressBatch[];
}

export const ingressBatchSignal = defineSignal<[IngressBatch]>(signals.ingressBatch);
