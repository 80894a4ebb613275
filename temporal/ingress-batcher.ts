import type { Client } from '@temporalio/client';
import { INGRESS_SHARDS, SEARCH_ATTRIBUTES, shardOf, signals, workflowIds, workflowNames } from '../domain/temporal-contracts';
import type { IngressBatch } from '../workflows/webhook-ingress.contract';
import { groupCommit, tenantShard, type TenantShard } from './group-commit';

/** Messages one signal may carry; more wait for the next signal of the lane. */
const MAX_MESSAGES_PER_SIGNAL = 300;

/**
 * Inbound messages go to the tenant's ingress workflows by group commit: one lane per tenant and
 * shard, so one signal-with-start carries every message that arrived while the previous one was in
 * flight. `send` resolves once Temporal has durably accepted every message of the batch.
 */
export function ingressBatcher(temporal: Client, taskQueue: string) {
  const lanes = groupCommit<TenantShard, IngressBatch['inbound'][number]>({
    maxPerCommit: MAX_MESSAGES_PER_SIGNAL,
    commit: async ({ tenantId, shard }, inbound) => {
      await temporal.workflow.signalWithStart(workflowNames.webhookIngress, {
        workflowId: workflowIds.webhookIngress(tenantId, shard),
        taskQueue,
        args: [{ tenantId, shard }],
        signal: signals.ingressBatch,
        signalArgs: [{ inbound }],
        searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [`webhook-ingress-${shard}`] },
      });
    },
  });

  return {
    async send(tenantId: string, batch: IngressBatch): Promise<void> {
      await lanes.addAll(batch.inbound, (item) => tenantShard(tenantId, shardOf(`${item.channel}:${item.message.contact}`, INGRESS_SHARDS)));
    },
  };
}

export type IngressBatcher = ReturnType<typeof ingressBatcher>;
