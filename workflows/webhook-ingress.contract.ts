import { defineSignal } from '@temporalio/workflow';
import type { InboundMessage } from '../domain/messaging';
import { signals } from '../domain/temporal-contracts';
import type { ConversationState } from './conversation.state';

/** Inbound messages of webhooks acknowledged together, in arrival order. */
export interface IngressBatch {
  inbound: { channel: ConversationState['channel']; message: InboundMessage }[];
}

export interface WebhookIngressInput {
  tenantId: string;
  shard: number;
  /** Batches not yet dispatched when the run continued as new. */
  pending?: IngressBatch[];
}

export const ingressBatchSignal = defineSignal<[IngressBatch]>(signals.ingressBatch);
