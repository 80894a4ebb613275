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
/** Events handed to one dispatch: enough to keep it busy, small enough for one activity payload. */
const MAX_EVENTS_PER_DISPATCH = 500;
const HISTORY_LIMIT = 2_000;

function take(queue: IngressBatch[]): IngressBatch {
  const merged: IngressBatch = { inbound: [], statuses: [] };
  while (queue.length > 0 && merged.inbound.length + merged.statuses.length < MAX_EVENTS_PER_DISPATCH) {
    const next = queue.shift()!;
    merged.inbound.push(...next.inbound);
    merged.statuses.push(...next.statuses);
  }
  return merged;
}

/**
 * The durable hand-off of webhooks: the API signals batches of events here (one Temporal call for
 * many webhooks) before acknowledging them, and this workflow passes them on, in order, to the
 * conversation and status workflows. Dispatching again after a crash is harmless: those workflows
 * drop provider message ids they have seen.
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
