import type { Client } from '@temporalio/client';
import { INGRESS_SHARDS, SEARCH_ATTRIBUTES, shardOf, signals, workflowIds, workflowNames } from '../domain/temporal-contracts';
import type { IngressBatch } from '../workflows/webhook-ingress.contract';

interface Waiter {
  batch: IngressBatch;
  settle: (error?: unknown) => void;
}

interface Lane {
  tenantId: string;
  shard: number;
  waiting: Waiter[];
  busy: boolean;
}

/** Messages one signal may carry; more wait for the next signal of the lane. */
const MAX_MESSAGES_PER_SIGNAL = 300;

const size = (batch: IngressBatch) => batch.inbound.length;

function split(batch: IngressBatch): Map<number, IngressBatch> {
  const shards = new Map<number, IngressBatch>();
  for (const item of batch.inbound) {
    const shard = shardOf(`${item.channel}:${item.message.contact}`, INGRESS_SHARDS);
    shards.set(shard, { inbound: [...(shards.get(shard)?.inbound ?? []), item] });
  }
  return shards;
}

/**
 * Group commit of inbound messages into the tenant's ingress workflows: while one signal-with-start
 * of a lane (tenant and shard) is in flight, the events arriving meanwhile gather and travel in the
 * next one. Under load one Temporal call carries many webhooks; when idle, each goes at once.
 * `send` resolves once Temporal has durably accepted every message of the batch.
 */
export function ingressBatcher(temporal: Client, taskQueue: string) {
  const lanes = new Map<string, Lane>();

  async function drain(lane: Lane): Promise<void> {
    lane.busy = true;
    while (lane.waiting.length > 0) {
      const taken: Waiter[] = [];
      let events = 0;
      while (lane.waiting.length > 0 && (taken.length === 0 || events + size(lane.waiting[0]!.batch) <= MAX_MESSAGES_PER_SIGNAL)) {
        const waiter = lane.waiting.shift()!;
        events += size(waiter.batch);
        taken.push(waiter);
      }
      const merged: IngressBatch = { inbound: taken.flatMap((waiter) => waiter.batch.inbound) };
      try {
        await temporal.workflow.signalWithStart(workflowNames.webhookIngress, {
          workflowId: workflowIds.webhookIngress(lane.tenantId, lane.shard),
          taskQueue,
          args: [{ tenantId: lane.tenantId, shard: lane.shard }],
          signal: signals.ingressBatch,
          signalArgs: [merged],
          searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [lane.tenantId], [SEARCH_ATTRIBUTES.entityId]: [`webhook-ingress-${lane.shard}`] },
        });
        for (const waiter of taken) waiter.settle();
      } catch (error) {
        for (const waiter of taken) waiter.settle(error);
      }
    }
    lane.busy = false;
  }

  return {
    async send(tenantId: string, batch: IngressBatch): Promise<void> {
      const accepted = [...split(batch)].map(
        ([shard, part]) =>
          new Promise<void>((resolve, reject) => {
            const key = `${tenantId}:${shard}`;
            const lane = lanes.get(key) ?? lanes.set(key, { tenantId, shard, waiting: [], busy: false }).get(key)!;
            lane.waiting.push({ batch: part, settle: (error) => (error === undefined ? resolve() : reject(error as Error)) });
            if (!lane.busy) void drain(lane);
          }),
      );
      await Promise.all(accepted);
    },
  };
}

export type IngressBatcher = ReturnType<typeof ingressBatcher>;
