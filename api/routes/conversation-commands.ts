import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Conversation } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import { AppError } from '../http/errors';
import { refusalReason, refusalType } from '../http/workflow-refusal';
import { SERVICE_WINDOW_CLOSED } from '../../domain/messaging';
import type { Actor } from '../../workflows/conversation.contract';

/**
 * The workflow that took up the conversation's messages, as it recorded itself on the row (acceptInbound):
 * none yet means no message was taken up, so there is nothing to query or command. The row's id is also
 * right for a conversation whose workflow was started under an id older than contact keys.
 */
export const conversationWorkflowId = (conversation: Pick<Conversation, 'workflowId'>): string | null => conversation.workflowId;

export function actorOf(principal: Principal | undefined): Actor {
  if (principal?.kind !== 'user') throw new AppError('forbidden', 'Only agency users work conversations');
  return { userId: principal.userId, isAdmin: principal.role !== 'AGENT' };
}

/** Sends a command to the conversation's workflow; refusals by the workflow come back as 422 with its reason. */
export async function commandConversation<Ret, Arg>(temporal: Client, conversation: Conversation, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
  if (conversation.status !== 'OPEN') throw new AppError('conflict', 'The conversation is closed; it reopens when the contact writes again', { es: 'La conversación está cerrada; se reabre cuando el contacto vuelva a escribir' });
  const workflowId = conversationWorkflowId(conversation);
  if (!workflowId) throw new AppError('unprocessable', 'The conversation has not started yet', { es: 'La conversación todavía no empezó' });
  try {
    return await temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw new AppError(refusalType(error) === SERVICE_WINDOW_CLOSED ? 'service_window_closed' : 'unprocessable', refusalReason(error));
    if (error instanceof WorkflowNotFoundError) throw new AppError('conflict', 'The conversation is closed; it reopens when the contact writes again', { es: 'La conversación está cerrada; se reabre cuando el contacto vuelva a escribir' });
    throw error;
  }
}
