import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { workflowHandoff } from '../temporal/workflow-handoff';
import type { IngressBatch } from '../workflows/webhook-ingress.contract';

/** Conversations signalled at once; each conversation's own messages go one after the other, in order. */
const PARALLEL_CONVERSATIONS = 32;

export function createIngressActivities({ temporal, taskQueue }: { temporal: Client; taskQueue: string }) {
  const handoff = workflowHandoff(temporal, taskQueue);
  return {
    /** Signals every message of a batch to its conversation workflow (signal-with-start), each conversation's in order. */
    async dispatchIngress({ tenantId, batch }: { tenantId: string; batch: IngressBatch }): Promise<void> {
      const byConversation = new Map<string, IngressBatch['inbound']>();
      for (const item of batch.inbound) {
        const key = `${item.channel}:${item.message.contact}`;
        byConversation.set(key, [...(byConversation.get(key) ?? []), item]);
      }
      const lanes = [...byConversation.values()];
      const worker = async () => {
        for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
          for (const item of lane) await handoff.inboundMessage(tenantId, item.channel, item.message);
          heartbeat();
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_CONVERSATIONS, lanes.length) }, worker));
    },
  };
}

export type IngressActivities = ReturnType<typeof createIngressActivities>;
