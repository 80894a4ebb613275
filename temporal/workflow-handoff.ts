import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { InboundMessage, MessageStatusUpdate } from '../domain/messaging';
import { SEARCH_ATTRIBUTES, signals, statusShardOf, workflowIds, workflowNames } from '../domain/temporal-contracts';
import type { ConversationState } from '../workflows/conversation.state';
import { submitLeadUpdate, type LeadSubmission } from '../workflows/lead-intake.contract';
import { groupCommit, tenantShard, type TenantShard } from './group-commit';

type ConversationChannel = ConversationState['channel'];
/** Statuses one signal may carry; more wait for the next signal of the lane. */
const MAX_STATUSES_PER_SIGNAL = 500;

/** Hands webhook events to their workflows with signal-with-start: durable once Temporal answers. */
export function workflowHandoff(temporal: Client, taskQueue: string) {
  const searchAttributes = (tenantId: string, entityId: string) => ({ [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [entityId] });
  const statusLanes = groupCommit<TenantShard, MessageStatusUpdate>({
    maxPerCommit: MAX_STATUSES_PER_SIGNAL,
    commit: async ({ tenantId, shard }, batch) => {
      await temporal.workflow.signalWithStart(workflowNames.messageStatus, {
        workflowId: workflowIds.messageStatus(tenantId, shard),
        taskQueue,
        args: [{ tenantId, shard }],
        signal: signals.messageStatuses,
        signalArgs: [batch],
        searchAttributes: searchAttributes(tenantId, `status-shard-${shard}`),
      });
    },
  });
  return {
    async inboundMessage(tenantId: string, channel: ConversationChannel, message: InboundMessage): Promise<void> {
      await temporal.workflow.signalWithStart(workflowNames.conversation, {
        workflowId: workflowIds.conversation(tenantId, channel, message.contact),
        taskQueue,
        args: [{ tenantId, channel, contact: message.contact }],
        signal: signals.inboundMessage,
        signalArgs: [message],
        searchAttributes: searchAttributes(tenantId, message.contact),
      });
    },

    /** Starts the contact's intake workflow if needed and signals it the submission, without waiting for it to apply. */
    async signalLead(tenantId: string, phone: string, submission: LeadSubmission): Promise<void> {
      await temporal.workflow.signalWithStart(workflowNames.leadIntake, {
        workflowId: workflowIds.leadIntake(tenantId, phone),
        taskQueue,
        args: [{ tenantId, phone }],
        signal: signals.leadSubmission,
        signalArgs: [submission],
        searchAttributes: searchAttributes(tenantId, phone),
      });
    },

    /** Starts the contact's intake workflow if needed and applies the submission; answers once it is applied. */
    async submitLead(tenantId: string, phone: string, submission: LeadSubmission): Promise<{ leadId: string; created: boolean; workflowId: string }> {
      const workflowId = workflowIds.leadIntake(tenantId, phone);
      const start = new WithStartWorkflowOperation(workflowNames.leadIntake, {
        workflowId,
        taskQueue,
        args: [{ tenantId, phone }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        searchAttributes: searchAttributes(tenantId, phone),
      });
      const result = await temporal.workflow.executeUpdateWithStart(submitLeadUpdate, { args: [submission], startWorkflowOperation: start });
      return { ...result, workflowId };
    },

    /** Statuses go to the tenant's status workflows by group commit, one lane per shard (see group-commit). */
    async statuses(tenantId: string, updates: MessageStatusUpdate[]): Promise<void> {
      await statusLanes.addAll(updates, (update) => tenantShard(tenantId, statusShardOf(update.providerMessageId)));
    },
  };
}

export type WorkflowHandoff = ReturnType<typeof workflowHandoff>;
