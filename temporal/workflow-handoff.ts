import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { InboundMessage, MessageStatusUpdate } from '../domain/messaging';
import { SEARCH_ATTRIBUTES, signals, statusShardOf, workflowIds, workflowNames } from '../domain/temporal-contracts';
import type { ConversationState } from '../workflows/conversation.state';
import { submitLeadUpdate, type LeadSubmission } from '../workflows/lead-intake.contract';

type ConversationChannel = ConversationState['channel'];

/** Hands webhook events to their workflows with signal-with-start: durable once Temporal answers. */
export function workflowHandoff(temporal: Client, taskQueue: string) {
  const searchAttributes = (tenantId: string, entityId: string) => ({ [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [entityId] });
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

    async statuses(tenantId: string, updates: MessageStatusUpdate[]): Promise<void> {
      const byShard = new Map<number, MessageStatusUpdate[]>();
      for (const update of updates) {
        const shard = statusShardOf(update.providerMessageId);
        const batch = byShard.get(shard) ?? [];
        batch.push(update);
        byShard.set(shard, batch);
      }
      await Promise.all(
        [...byShard].map(([shard, batch]) =>
          temporal.workflow.signalWithStart(workflowNames.messageStatus, {
            workflowId: workflowIds.messageStatus(tenantId, shard),
            taskQueue,
            args: [{ tenantId, shard }],
            signal: signals.messageStatuses,
            signalArgs: [batch],
            searchAttributes: searchAttributes(tenantId, `status-shard-${shard}`),
          }),
        ),
      );
    },
  };
}

export type WorkflowHandoff = ReturnType<typeof workflowHandoff>;
