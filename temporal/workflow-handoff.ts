import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, workflowIds } from '../domain/temporal-contracts';
import { inboundMessagesSignal } from '../workflows/conversation.contract';
import { conversationWorkflow } from '../workflows/conversation.workflow';
import { leadIntakeWorkflow } from '../workflows/lead-intake.workflow';
import { messageFallbackWorkflow } from '../workflows/message-fallback.workflow';
import { metaLeadWorkflow } from '../workflows/meta-lead.workflow';
import type { InboundRef } from '../workflows/conversation.contract';
import type { ConversationState } from '../workflows/conversation.state';
import { leadSubmissionSignal, submitLeadUpdate, type LeadSubmission } from '../workflows/lead-intake.contract';
import type { MetaLeadInput } from '../workflows/meta-lead.contract';
import { startCommitted, type CommittedStart } from './committed-starts';
import type { ContactKeys } from './contact-keys';
import { startOnce } from './start-once';

type ConversationChannel = ConversationState['channel'];

/**
 * Hands work to its workflows with signal-with-start or a start by business key: durable once Temporal answers.
 * A contact's workflows are found by its pseudonymous key (contact-keys.ts), which is also their AstorEntityId.
 */
export function workflowHandoff(temporal: Client, taskQueue: string, contactKeys: ContactKeys) {
  const searchAttributes = (tenantId: string, entityId: string) => ({ [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [entityId] });
  return {
    /**
     * Starts the contact's conversation workflow if needed and signals it the messages, in order.
     * `ownerWorkflowId`: the workflow that took up the open conversation, when it runs under another id
     * (one started before contact keys existed keeps its conversation until that closes).
     */
    async inboundMessages(tenantId: string, channel: ConversationChannel, contact: string, refs: InboundRef[], ownerWorkflowId?: string): Promise<void> {
      const key = await contactKeys.of(tenantId, contact);
      await temporal.workflow.signalWithStart(conversationWorkflow, {
        workflowId: ownerWorkflowId ?? workflowIds.conversation(tenantId, channel, key),
        taskQueue,
        args: [{ tenantId, channel }],
        signal: inboundMessagesSignal,
        signalArgs: [refs],
        searchAttributes: searchAttributes(tenantId, key),
      });
    },

    /** Starts the contact's intake workflow if needed and signals it the submission, without waiting for it to apply. */
    async signalLead(tenantId: string, phone: string, submission: LeadSubmission): Promise<void> {
      const key = await contactKeys.of(tenantId, phone);
      await temporal.workflow.signalWithStart(leadIntakeWorkflow, {
        workflowId: workflowIds.leadIntake(tenantId, key),
        taskQueue,
        args: [{ tenantId, phone }],
        signal: leadSubmissionSignal,
        signalArgs: [submission],
        searchAttributes: searchAttributes(tenantId, key),
      });
    },

    /** Starts the contact's intake workflow if needed and applies the submission; answers once it is applied. */
    async submitLead(tenantId: string, phone: string, submission: LeadSubmission): Promise<{ leadId: string; created: boolean; workflowId: string }> {
      const key = await contactKeys.of(tenantId, phone);
      const workflowId = workflowIds.leadIntake(tenantId, key);
      const start = new WithStartWorkflowOperation(leadIntakeWorkflow, {
        workflowId,
        taskQueue,
        args: [{ tenantId, phone }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        searchAttributes: searchAttributes(tenantId, key),
      });
      const result = await temporal.workflow.executeUpdateWithStart(submitLeadUpdate, { args: [submission], startWorkflowOperation: start });
      return { ...result, workflowId };
    },

    /** One workflow per lead-ads submission: Meta's repeats start nothing new. */
    async metaLead(input: MetaLeadInput): Promise<void> {
      await startOnce(temporal, metaLeadWorkflow, {
        workflowId: workflowIds.metaLead(input.tenantId, input.leadgenId),
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        searchAttributes: searchAttributes(input.tenantId, `leadgen-${input.leadgenId}`),
      });
    },

    /** The Web-session resend of a message the Business API reported failed: once per message. */
    async messageFallback(tenantId: string, messageId: string): Promise<void> {
      await startOnce(temporal, messageFallbackWorkflow, {
        workflowId: workflowIds.messageFallback(tenantId, messageId),
        taskQueue,
        args: [{ tenantId, messageId }],
        searchAttributes: searchAttributes(tenantId, messageId),
      });
    },

    /** A start an API recorded with its change and did not clear: never started, or started and not yet cleared. */
    committedStart: (start: CommittedStart) => startCommitted(temporal, taskQueue, start, 'REJECT_DUPLICATE'),
  };
}

export type WorkflowHandoff = ReturnType<typeof workflowHandoff>;
