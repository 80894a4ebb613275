import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IngressActivities } from '../activities/ingress.activities';
import { ingressBatchSignal, type IngressBatch, type WebhookIngressInput } from './webhook-ingress.contract';

const { dispatchIngress } = proxyActivities<IngressActivities>({
  startToCloseTimeout: '2 minutes',
  // A dispatch lost with its worker is taken up again within seconds, not after the whole timeout.
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const IDLE_MS = 10 * 60_000;
/** Messages handed to one dispatch: enough to keep it busy, small enough for one activity payload. */
const MAX_MESSAGES_PER_DISPATCH = 500;
const HISTORY_LIMIT = 2_000;

function take(queue: IngressBatch[]): IngressBatch {
  const merged: IngressBatch = { inbound: [] };
  while (queue.length > 0 && merged.inbound.length < MAX_MESSAGES_PER_DISPATCH) merged.inbound.push(...queue.shift()!.inbound);
  return merged;
}

/**
 * The durable hand-off of inbound messages: the API signals batches here (one Temporal call for
 * many webhooks) before acknowledging them, and this workflow passes them on, in order per contact,
 * to the conversation workflows. Dispatching again after a crash is harmless: conversations drop
 * provider message ids they have seen.
 */
export async function webhookIngressWorkflow(input: WebhookIngressInput): Promise<void> {
  const queue: IngressBatch[] = [...(input.pending ?? [])];
  setHandler(ingressBatchSignal, (batch) => {
    queue.push(batch);
  });
  for (;;) {
    if (!(await condition(() => queue.length > 0, IDLE_MS))) {
      await condition(allHandlersFinished);
      if (queue.length === 0) return;
    }
    await dispatchIngress({ tenantId: input.tenantId, batch: take(queue) });
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_LIMIT) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof webhookIngressWorkflow>({ ...input, pending: queue });
    }
  }
}
