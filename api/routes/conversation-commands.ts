import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Conversation } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import { AppError } from '../http/errors';
import { refusalReason, refusalType } from '../http/workflow-refusal';
import { SERVICE_WINDOW_CLOSED } from '../../domain/messaging';
import { workflowIds } from '../../domain/temporal-contracts';
import type { ContactKeys } from '../../temporal/contact-keys';
import type { Actor } from '../../workflows/conversation.contract';

export type ConversationWorkflowOf = (conversation: Pick<Conversation, 'tenantId' | 'channel' | 'contact' | 'workflowId'>) => Promise<string>;

/**
 * The workflow of a conversation: the one that recorded itself on the row (acceptInbound; right also
 * for a workflow started under an id older than contact keys), else the one the relay signals for the
 * contact, so an agent can act before the workflow has taken up the first message.
 */
export function conversationWorkflows(keys: ContactKeys): ConversationWorkflowOf {
  return async (conversation) => conversation.workflowId ?? workflowIds.conversation(conversation.tenantId, conversation.channel, await keys.of(conversation.tenantId, conversation.contact));
}

export function actorOf(principal: Principal | undefined): Actor {
  if (principal?.kind !== 'user') throw new AppError('forbidden', 'Only agency users work conversations');
  return { userId: principal.userId, isAdmin: principal.role !== 'AGENT' };
}

/** Sends a command to the conversation's workflow; refusals by the workflow come back as 422 with its reason. */
export async function commandConversation<Ret, Arg>(temporal: Client, workflowOf: ConversationWorkflowOf, conversation: Conversation, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
  if (conversation.status !== 'OPEN') throw new AppError('conflict', 'The conversation is closed; it reopens when the contact writes again', { es: 'La conversación está cerrada; se reabre cuando el contacto vuelva a escribir' });
  try {
    return await temporal.workflow.getHandle(await workflowOf(conversation)).executeUpdate(update, { args: [arg] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw new AppError(refusalType(error) === SERVICE_WINDOW_CLOSED ? 'service_window_closed' : 'unprocessable', refusalReason(error));
    if (error instanceof WorkflowNotFoundError) throw new AppError('conflict', 'The conversation is closed; it reopens when the contact writes again', { es: 'La conversación está cerrada; se reabre cuando el contacto vuelva a escribir' });
    throw error;
  }
}
