import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { LeadIntakeActivities } from '../activities/lead-intake.activities';
import type { MessagingActivities } from '../activities/messaging.activities';
import { leadSubmissionSignal, submitLeadUpdate, type LeadIntakeInput, type LeadSubmission } from './lead-intake.contract';
import { durable, providerSend } from './retry-policies';

const intake = proxyActivities<LeadIntakeActivities>({ startToCloseTimeout: '30 seconds', retry: durable });
const { sendMessage } = proxyActivities<MessagingActivities>({ startToCloseTimeout: '60 seconds', retry: providerSend });

const HANDLED_BEFORE_CONTINUE = 200;
/** Patch: failed submissions are recorded and refused instead of failing the workflow (or retrying forever). */
const RECORDS_FAILED_SUBMISSIONS = 'records-failed-submissions';
const SUBMISSION_FAILED = 'SubmissionFailed';

/**
 * One per contact of a tenant: creates or updates the lead from each submission exactly once,
 * welcomes new leads, and reminds silent ones (templates only: they are outside the 24-hour window).
 */
export async function leadIntakeWorkflow(input: LeadIntakeInput): Promise<{ leadId?: string; followUpsSent: number }> {
  const state = input.state ?? { followUpsSent: 0, handled: 0 };
  const queue: LeadSubmission[] = [];

  async function apply(submission: LeadSubmission) {
    let result: { leadId: string; created: boolean };
    try {
      result = await intake.upsertLeadFromSubmission({ tenantId: input.tenantId, phone: input.phone, submission });
    } catch (error) {
      if (!(error instanceof ActivityFailure) || !patched(RECORDS_FAILED_SUBMISSIONS)) throw error;
      throw await recordFailure(submission, error);
    }
    state.leadId = result.leadId;
    state.handled += 1;
    state.anchorMs ??= Date.now();
    if (result.created && submission.origin !== 'WHATSAPP') await followUp('welcome', `welcome:${result.leadId}`);
    return result;
  }

  /** A submission that cannot be applied (refused data, or retries spent) is recorded, and refused to an update's caller. */
  async function recordFailure(submission: LeadSubmission, error: ActivityFailure): Promise<ApplicationFailure> {
    const cause = error.cause instanceof ApplicationFailure ? error.cause : undefined;
    const reason = (error.cause ?? error).message;
    await intake.recordSubmissionFailure({ tenantId: input.tenantId, phone: input.phone, submissionId: submission.submissionId, origin: submission.origin, reason, ...(cause?.type ? { failureType: cause.type } : {}) });
    return ApplicationFailure.create({ message: `The submission could not be applied: ${reason}`, type: cause?.type ?? SUBMISSION_FAILED, nonRetryable: true });
  }

  async function followUp(kind: 'welcome' | 'reminder', idempotencyKey: string): Promise<boolean> {
    const plan = await intake.planFollowUp({ tenantId: input.tenantId, leadId: state.leadId!, kind, sinceMs: state.anchorMs ?? 0 });
    if (plan.action === 'skip') return plan.reason !== 'lead_replied' && plan.reason !== 'opted_out' && plan.reason !== 'lead_closed';
    const sent = await sendMessage({ tenantId: input.tenantId, leadId: state.leadId!, to: plan.to, content: plan.content, idempotencyKey });
    state.anchorMs = Date.now();
    return sent.status === 'SENT';
  }

  /** A signalled submission has no caller to refuse: once recorded, its failure must not end the contact's workflow. */
  async function applySignalled(submission: LeadSubmission) {
    try {
      await apply(submission);
    } catch (error) {
      if (!(error instanceof ApplicationFailure)) throw error;
    }
  }

  setHandler(leadSubmissionSignal, (submission) => {
    queue.push(submission);
  });
  setHandler(submitLeadUpdate, (submission) => apply(submission));
  // Handlers first: an update that starts this workflow arrives with its first activation.
  const { followUpHours, maxFollowUps } = await intake.loadFollowUpSettings({ tenantId: input.tenantId });

  for (;;) {
    const dueAt = (state.anchorMs ?? Date.now()) + followUpHours * 3_600_000;
    const woke = await condition(() => queue.length > 0, Math.max(1, dueAt - Date.now()));
    while (queue.length > 0) await applySignalled(queue.shift()!);
    if (!woke && allHandlersFinished() && !state.leadId && queue.length === 0 && patched(RECORDS_FAILED_SUBMISSIONS)) {
      // Every submission failed (and is recorded): there is no lead to follow up, so no reason to stay.
      return { followUpsSent: 0 };
    }
    if (!woke && allHandlersFinished() && state.leadId) {
      const keepGoing = state.followUpsSent < maxFollowUps && (await followUp('reminder', `reminder:${state.leadId}:${state.followUpsSent + 1}`));
      if (keepGoing) state.followUpsSent += 1;
      if (!keepGoing || state.followUpsSent >= maxFollowUps) {
        await condition(allHandlersFinished);
        if (queue.length === 0) return { leadId: state.leadId, followUpsSent: state.followUpsSent };
      }
    }
    if (state.handled >= HANDLED_BEFORE_CONTINUE || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof leadIntakeWorkflow>({ ...input, state: { ...state, handled: 0 } });
    }
  }
}
