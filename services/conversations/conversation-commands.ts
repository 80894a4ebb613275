import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Conversation } from '../../prisma/generated/client';
import { AppError } from '../../domain/app-error';
import { refusalReason, refusalType } from '../../temporal/workflow-refusal';
import { SERVICE_WINDOW_CLOSED } from '../../domain/messaging';
import { CONVERSATION_REFUSALS_ES } from '../../domain/conversation-refusals';
import { workflowIds } from '../../domain/temporal-contracts';
import type { ContactKeys } from '../../temporal/contact-keys';

export type ConversationWorkflowOf = (conversation: Pick<Conversation, 'tenantId' | 'channel' | 'contact' | 'workflowId'>) => Promise<string>;

/**
 * The workflow of a conversation: the one that recorded itself on the row (acceptInbound; right also
 * for a workflow started under an id older than contact keys), else the one the relay signals for the
 * contact, so an agent can act before the workflow has taken up the first message.
 */
export function conversationWorkflows(keys: ContactKeys): ConversationWorkflowOf {
  return async (conversation) => conversation.workflowId ?? workflowIds.conversation(conversation.tenantId, conversation.channel, await keys.of(conversation.tenantId, conversation.contact));
}

/**
 * Sends a command to the conversation's workflow. Its refusals are about where the conversation
 * stands (closed, someone else's), so they come back as 409 with its reason, as a campaign's do;
 * WhatsApp's 24-hour rule refuses the content and keeps its own 422.
 */
export async function commandConversation<Ret, Arg>(temporal: Client, workflowOf: ConversationWorkflowOf, conversation: Conversation, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
  if (conversation.status !== 'OPEN') throw new AppError('conflict', 'The conversation is closed; it reopens when the contact writes again', { es: 'La conversación está cerrada; se reabre cuando el contacto vuelva a escribir' });
  try {
    return await temporal.workflow.getHandle(await workflowOf(conversation)).executeUpdate(update, { args: [arg] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const refusal = refusalType(error);
      const es = refusal ? CONVERSATION_REFUSALS_ES[refusal] : undefined;
      throw new AppError(refusal === SERVICE_WINDOW_CLOSED ? 'service_window_closed' : 'conflict', refusalReason(error), { es, ...(es ? { data: { refusal } } : {}) });
    }
    if (error instanceof WorkflowNotFoundError) throw new AppError('conflict', 'The conversation is closed; it reopens when the contact writes again', { es: 'La conversación está cerrada; se reabre cuando el contacto vuelva a escribir' });
    throw error;
  }
}
