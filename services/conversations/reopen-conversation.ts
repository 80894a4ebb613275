import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { AppError } from '../../domain/app-error';
import { CONVERSATION_NOT_STARTED } from '../../domain/conversation-refusals';
import { isWithinServiceWindow, type OutboundContent } from '../../domain/messaging';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import type { Database } from '../../prisma/client';
import type { Conversation } from '../../prisma/generated/client';
import { publishInboxEvent } from '../../prisma/inbox-events';
import { recordLeadEvent } from '../../prisma/repositories/lead-events';
import { workflowStart, type CommittedStarts } from '../../temporal/committed-starts';
import type { ContactKeys } from '../../temporal/contact-keys';
import { agentReplyUpdate, type Actor } from '../../workflows/conversation.contract';
import { initialState, type ConversationState } from '../../workflows/conversation.state';
import { conversationWorkflow } from '../../workflows/conversation.workflow';
import { commandConversation, type ConversationWorkflowOf } from './conversation-commands';

/** A new run takes a moment to load its setup before it accepts commands; the reply waits that long at most. */
const NO_HANDLER_YET = 'No registered handler for update';
const START_WAIT_MS = 10_000;
const RETRY_EVERY_MS = 150;
/** How long a closing run may take to end (one last activity at most) before the reopening goes ahead anyway. */
const CLOSING_WAIT_MS = 3_000;

interface ReopenDeps {
  db: Database;
  temporal: Client;
  starts: CommittedStarts;
  keys: ContactKeys;
  workflowOf: ConversationWorkflowOf;
}

interface Reply {
  actor: Actor;
  content: OutboundContent;
  requestId: string;
}

/** The run that takes the reopened conversation over: it is the agent's, its 24-hour window as the contact left it. */
function reopenedState(conversation: Conversation, assigneeId: string, inboundCount: number): ConversationState {
  return {
    ...initialState({ tenantId: conversation.tenantId, channel: conversation.channel }, Date.now()),
    conversationId: conversation.id,
    leadId: conversation.leadId,
    mode: 'agent',
    assigneeId,
    inboundCount,
    slaBreaches: conversation.slaBreaches,
    ...(conversation.lastInboundAt ? { lastInboundAt: conversation.lastInboundAt.getTime() } : {}),
  };
}

/**
 * An agent's reply to a closed conversation reopens it as theirs: outside the 24-hour window only an
 * approved template may, as WhatsApp allows nothing else. The row is reopened with its workflow start
 * in one transaction (the outbox relay starts it if this process dies), then the reply goes through it.
 */
export async function reopenWithReply({ db, temporal, starts, keys, workflowOf }: ReopenDeps, conversation: Conversation, reply: Reply) {
  const { tenantId, channel, contact } = conversation;
  if (reply.content.kind !== 'template' && !isWithinServiceWindow(conversation.lastInboundAt?.getTime(), Date.now())) {
    throw new AppError('service_window_closed', 'The contact last wrote more than 24 hours ago: reopen the conversation with an approved template', {
      es: 'El contacto escribió hace más de 24 horas: reabrí la conversación con una plantilla aprobada',
    });
  }
  const key = await keys.of(tenantId, contact);
  const workflowId = workflowIds.conversation(tenantId, channel, key);
  const { reopened, started } = await db.forCurrentTenant(async (tx) => {
    const other = await tx.conversation.findFirst({ where: { channel, contact, status: 'OPEN', id: { not: conversation.id } }, select: { id: true } });
    if (other) throw new AppError('conflict', 'The contact has another open conversation: reply there', { es: 'Este contacto ya tiene otra conversación abierta: respondé desde esa', data: { conversationId: other.id } });
    const { count } = await tx.conversation.updateMany({
      where: { id: conversation.id, status: 'CLOSED' },
      data: { status: 'OPEN', closedAt: null, assigneeId: reply.actor.userId, botActive: false, waitingSince: null, workflowId, openedAt: new Date() },
    });
    if (count === 0) throw new AppError('conflict', 'The conversation was reopened meanwhile: try again', { es: 'La conversación se reabrió mientras tanto: probá de nuevo' });
    const inbound = await tx.message.count({ where: { conversationId: conversation.id, direction: 'INBOUND' } });
    await recordLeadEvent(tx, { leadId: conversation.leadId, type: 'conversation.reopened', payload: { conversationId: conversation.id, by: reply.actor.userId } });
    await publishInboxEvent(tx, { tenantId, type: 'conversation.assigned', conversationId: conversation.id, assigneeId: reply.actor.userId });
    const start = workflowStart(conversationWorkflow, {
      workflowId,
      args: [{ tenantId, channel, state: reopenedState(conversation, reply.actor.userId, inbound) }],
      searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [key] },
    });
    return { reopened: { ...conversation, status: 'OPEN' as const, workflowId }, started: await starts.record(tx, tenantId, start) };
  });
  await closingRunEnded(temporal, workflowId);
  await starts.dispatch(started);
  return replyOnceStarted(temporal, workflowOf, reopened, reply);
}

/**
 * A conversation's run marks its row closed moments before it ends: a reopening start in between would
 * count that run as started and send the reply to it. So the start waits (briefly) for that run to end.
 */
async function closingRunEnded(temporal: Client, workflowId: string): Promise<void> {
  const deadline = Date.now() + CLOSING_WAIT_MS;
  while (Date.now() < deadline) {
    // No run (or no answer): the start below, or the relay after it, takes it from there.
    const status = await temporal.workflow.getHandle(workflowId).describe().then((run) => run.status.name, () => undefined);
    if (status !== 'RUNNING') return;
    await sleep(RETRY_EVERY_MS);
  }
}

async function replyOnceStarted(temporal: Client, workflowOf: ConversationWorkflowOf, conversation: Conversation, reply: Reply) {
  const deadline = Date.now() + START_WAIT_MS;
  for (;;) {
    try {
      return await commandConversation(temporal, workflowOf, conversation, agentReplyUpdate, reply);
    } catch (error) {
      const starting = error instanceof AppError && error.code === 'conflict' && (error.extra.data?.refusal === CONVERSATION_NOT_STARTED || error.message.startsWith(NO_HANDLER_YET));
      if (!starting || Date.now() > deadline) throw error;
      await sleep(RETRY_EVERY_MS);
    }
  }
}
