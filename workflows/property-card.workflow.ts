import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { MessagingActivities } from '../activities/messaging.activities';
import type { PropertyCardActivities } from '../activities/property-card.activities';
import type { PropertyCardInput } from './property-card.contract';
import { bounded, providerSend } from './retry-policies';
import { sendProgressQuery, type SendProgress } from './send-progress';

const { planPropertyCard } = proxyActivities<PropertyCardActivities>({ startToCloseTimeout: '20 seconds', retry: bounded(10) });
const { sendMessage } = proxyActivities<MessagingActivities>({ startToCloseTimeout: '25 seconds', retry: providerSend });

/** A property card an agent sends a lead from the CRM, once however often the button is pressed. */
export async function propertyCardWorkflow(input: PropertyCardInput): Promise<{ outcome: string; messageId?: string }> {
  let progress: SendProgress = { state: 'preparing' };
  setHandler(sendProgressQuery, () => progress);
  const plan = await planPropertyCard(input);
  if (plan.action === 'skip') {
    progress = { state: 'skipped', reason: plan.reason };
    return { outcome: plan.reason };
  }
  const sent = await sendMessage({
    tenantId: input.tenantId,
    leadId: input.leadId,
    conversationId: plan.conversationId,
    to: plan.to,
    content: plan.content,
    idempotencyKey: `property-card:${input.requestId}`,
    sentById: input.sentById,
  });
  progress = sent.status === 'SENT' ? { state: 'sent' } : { state: 'failed', reason: sent.error?.message, code: sent.error?.code };
  return { outcome: progress.state, messageId: sent.messageId };
}
