import { allHandlersFinished, condition, continueAsNew, defineSignal, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { MessageStatusActivities } from '../activities/message-status.activities';
import type { MessageStatusUpdate } from '../domain/messaging';
import { signals } from '../domain/temporal-contracts';

export const messageStatusesSignal = defineSignal<[MessageStatusUpdate[]]>(signals.messageStatuses);

const { applyMessageStatuses } = proxyActivities<MessageStatusActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

interface Waiting {
  update: MessageStatusUpdate;
  attempts: number;
}

export interface MessageStatusInput {
  tenantId: string;
  shard: number;
  carried?: { queue: MessageStatusUpdate[]; waiting: Waiting[] };
}

const BATCH = 100;
const RETRY_UNKNOWN_MS = 15_000;
const MAX_UNKNOWN_ATTEMPTS = 8;
const IDLE_MS = 10 * 60_000;
const SIGNALS_BEFORE_CONTINUE = 1_000;

/**
 * Applies delivery statuses of one shard of a tenant's messages in batches. A status that overtakes
 * its message's own bookkeeping is retried for a while before it is dropped.
 */
export async function messageStatusWorkflow(input: MessageStatusInput): Promise<{ dropped: number }> {
  const queue: MessageStatusUpdate[] = [...(input.carried?.queue ?? [])];
  let waiting: Waiting[] = [...(input.carried?.waiting ?? [])];
  let signalled = 0;
  let dropped = 0;
  setHandler(messageStatusesSignal, (updates) => {
    queue.push(...updates);
    signalled += 1;
  });

  for (;;) {
    const timeout = waiting.length > 0 ? RETRY_UNKNOWN_MS : IDLE_MS;
    const woke = await condition(() => queue.length > 0, timeout);
    if (!woke && waiting.length === 0) {
      await condition(allHandlersFinished);
      if (queue.length === 0) return { dropped };
    }
    const retrying = woke ? [] : waiting;
    if (!woke) waiting = [];
    const batch = [...retrying.map((entry) => entry.update), ...queue.splice(0, BATCH)];
    if (batch.length > 0) {
      const unknown = await applyMessageStatuses({ tenantId: input.tenantId, updates: batch });
      const same = (a: MessageStatusUpdate, b: MessageStatusUpdate) => a.providerMessageId === b.providerMessageId && a.status === b.status;
      for (const update of unknown) {
        const attempts = (retrying.find((entry) => same(entry.update, update))?.attempts ?? 0) + 1;
        if (attempts < MAX_UNKNOWN_ATTEMPTS) waiting.push({ update, attempts });
        else {
          dropped += 1;
          log.warn('status for an unknown message dropped', { providerMessageId: update.providerMessageId, status: update.status });
        }
      }
    }
    if (signalled >= SIGNALS_BEFORE_CONTINUE || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof messageStatusWorkflow>({ ...input, carried: { queue, waiting } });
    }
  }
}
