import { ActivityFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { MessagingActivities } from '../activities/messaging.activities';
import type { VisitActivities } from '../activities/visit.activities';
import { visitSteps } from '../domain/visit-steps';
import { bounded, providerSend } from './retry-policies';
import { visitChangedSignal, type VisitWorkflowInput } from './visit.contract';

const { loadVisitPlan, planVisitMessage } = proxyActivities<VisitActivities>({ startToCloseTimeout: '20 seconds', retry: bounded(10) });
const { sendMessage } = proxyActivities<MessagingActivities>({ startToCloseTimeout: '25 seconds', retry: providerSend });

const ENDED = new Set(['CANCELLED', 'NO_SHOW', 'GONE']);

/**
 * A visit's automatic messages: confirmation when booked, reminder before, follow-up after. A
 * change to the visit (signal) makes it plan again: a moved visit is confirmed again and its
 * reminder re-armed; a cancelled one ends the workflow with nothing more sent.
 */
export async function visitWorkflow({ tenantId, visitId }: VisitWorkflowInput): Promise<{ outcome: string; sent: string[] }> {
  let changed = false;
  setHandler(visitChangedSignal, () => {
    changed = true;
  });
  const done = new Set<string>();
  const bookedAt = new Map<number, number>();
  const sent: string[] = [];
  for (;;) {
    changed = false;
    const plan = await loadVisitPlan({ tenantId, visitId });
    if (plan.status === 'GONE' || ENDED.has(plan.status)) return { outcome: plan.status.toLowerCase(), sent };
    if (!bookedAt.has(plan.scheduledAt)) bookedAt.set(plan.scheduledAt, Date.now());
    const next = visitSteps(plan.timing, plan.scheduledAt, bookedAt.get(plan.scheduledAt)!).find((step) => !done.has(step.key));
    if (!next) return { outcome: 'completed', sent };
    if (next.at > Date.now() && (await condition(() => changed, next.at - Date.now()))) continue;
    const message = await planVisitMessage({ tenantId, visitId, step: next.step, scheduledAt: plan.scheduledAt });
    if (message.action === 'stale') continue;
    done.add(next.key);
    if (message.action === 'skip') continue;
    try {
      const result = await sendMessage({ tenantId, leadId: message.leadId, to: message.to, content: message.content, idempotencyKey: message.idempotencyKey });
      if (result.status === 'SENT') sent.push(next.step);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
    }
  }
}
