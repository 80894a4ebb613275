import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { OutboundContent } from '../../domain/messaging';
import type { Database, TenantTx } from '../../prisma/client';
import type { Prisma } from '../../prisma/generated/client';
import { afterKeyset, keysetOrderBy } from '../../prisma/repositories/keyset';
import { agentReplyUpdate, claimUpdate, closeUpdate, returnToBotUpdate, transferUpdate } from '../../workflows/conversation.contract';
import { AppError } from '../../domain/app-error';
import type { CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { STAFF } from '../http/access-roles';
import { idParams } from '../http/schemas';
import { contactKeysFromDatabase } from '../../temporal/contact-keys';
import { actorOf } from '../auth/conversation-actor';
import { commandConversation, conversationWorkflows } from '../../services/conversations/conversation-commands';
import { commandDoneSchema, conversationDetailSchema, conversationPageSchema, listConversationsQuery, type ListConversationsQuery, messagePageSchema, messagesQuery, replyBody, replySentSchema, transferBody } from '../contracts/conversations.schemas';
import { assertAssignableAgent } from '../../services/users/user-checks';
import { reopenWithReply } from '../../services/conversations/reopen-conversation';
import type { CommittedStarts } from '../../temporal/committed-starts';

const RECENT_FIRST = { field: 'updatedAt', direction: 'desc' } as const;
const NEWEST_FIRST = { field: 'createdAt', direction: 'desc' } as const;

async function findConversation(tx: TenantTx, id: string) {
  const conversation = await tx.conversation.findUnique({ where: { id } });
  if (!conversation) throw new AppError('not_found', 'No such conversation in this agency');
  return conversation;
}

/** The messages a page quotes (a reply, a button pressed under one of ours), by provider id, with a preview each. */
async function quotedMessages(tx: TenantTx, page: { contextProviderId: string | null }[]): Promise<Map<string, { id: string; preview: string }>> {
  const ids = [...new Set(page.flatMap((message) => message.contextProviderId ?? []))];
  const quoted = ids.length ? await tx.message.findMany({ where: { providerMessageId: { in: ids } }, select: { id: true, providerMessageId: true, body: true, type: true } }) : [];
  return new Map(quoted.map((message) => [message.providerMessageId!, { id: message.id, preview: message.body ?? `[${message.type.toLowerCase()}]` }]));
}

const SCOPES: Record<ListConversationsQuery['scope'], (userId: string) => Prisma.ConversationWhereInput> = {
  mine: (userId) => ({ assigneeId: userId }),
  unassigned: () => ({ assigneeId: null, botActive: false }),
  bot: () => ({ botActive: true }),
  all: () => ({}),
};

const withoutTenant = <T extends { tenantId: string }>({ tenantId: _tenantId, ...rest }: T) => rest;

export function conversationRoutes({ db, temporal, cursorFor, starts }: { db: Database; temporal: Client; cursorFor: CursorFor; starts: CommittedStarts }): RouteSpec[] {
  const conversationPages = cursorFor('conversations', RECENT_FIRST);
  const messagePages = cursorFor('conversation-messages', NEWEST_FIRST);
  const load = (id: string) => db.forCurrentTenant((tx) => findConversation(tx, id));
  const keys = contactKeysFromDatabase(db);
  const workflowOf = conversationWorkflows(keys);
  const command = (path: string, summary: string, run: (id: string, principal: Parameters<typeof actorOf>[0], body: unknown) => Promise<unknown>, body?: typeof transferBody) =>
    route({
      method: 'post',
      path: `/conversations/:id/${path}`,
      summary,
      tag: 'inbox',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      body,
      response: commandDoneSchema,
      async handler({ params, principal, body: input }) {
        await run(params.id, principal, input);
        return { ok: true };
      },
    });

  return [
    route({
      method: 'get',
      path: '/conversations',
      summary: 'Inbox: my conversations, unassigned ones waiting for an agent, those the bot is answering, or all (admins)',
      tag: 'inbox',
      access: { scope: 'tenant', roles: STAFF },
      query: listConversationsQuery,
      response: conversationPageSchema,
      async handler({ query, principal }) {
        const actor = actorOf(principal);
        if (query.scope === 'all' && !actor.isAdmin) throw new AppError('forbidden', 'Only owners and admins see every conversation');
        const where = { ...SCOPES[query.scope](actor.userId), status: query.status };
        const after = conversationPages.read(query.cursor);
        const rows = await db.forCurrentTenant((tx) =>
          tx.conversation.findMany({
            where: after ? { AND: [where, afterKeyset(RECENT_FIRST, after)] } : where,
            orderBy: keysetOrderBy(RECENT_FIRST),
            take: query.limit + 1,
            include: { lead: { select: { id: true, name: true, phone: true, stage: true } } },
          }),
        );
        return conversationPages.page(rows, query.limit, (row) => row.updatedAt, withoutTenant);
      },
    }),
    route({
      method: 'get',
      path: '/conversations/:id',
      summary: 'One conversation with its lead and, while open, its live routing state',
      tag: 'inbox',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      response: conversationDetailSchema,
      async handler({ params }) {
        const conversation = await db.forCurrentTenant((tx) => tx.conversation.findUnique({ where: { id: params.id }, include: { lead: { select: { id: true, name: true, phone: true, stage: true } } } }));
        if (!conversation) throw new AppError('not_found', 'No such conversation in this agency');
        const workflowId = conversation.status === 'OPEN' ? await workflowOf(conversation) : null;
        const live = workflowId ? await temporal.workflow.getHandle(workflowId).query<unknown>('conversationState').catch(() => null) : null;
        return { ...withoutTenant(conversation), live };
      },
    }),
    route({
      method: 'get',
      path: '/conversations/:id/messages',
      summary: 'Messages of a conversation, newest first, with delivery statuses',
      tag: 'inbox',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      query: messagesQuery,
      response: messagePageSchema,
      async handler({ params, query }) {
        const after = messagePages.read(query.cursor);
        const { rows, quoted } = await db.forCurrentTenant(async (tx) => {
          await findConversation(tx, params.id);
          const where = { conversationId: params.id };
          const page = await tx.message.findMany({
            where: after ? { AND: [where, afterKeyset(NEWEST_FIRST, after)] } : where,
            orderBy: keysetOrderBy(NEWEST_FIRST),
            take: query.limit + 1,
          });
          return { rows: page, quoted: await quotedMessages(tx, page) };
        });
        return messagePages.page(rows, query.limit, (row) => row.createdAt, ({ tenantId: _tenantId, idempotencyKey: _key, sendAttemptedAt: _attempt, statusReceivedAt: _status, contactReaction, contactReactionAt: _reactedAt, billable: _billable, pricingCategory: _pricing, ...message }) => ({
          ...message,
          reaction: contactReaction,
          replyTo: (message.contextProviderId && quoted.get(message.contextProviderId)) || null,
        }));
      },
    }),
    route({
      method: 'post',
      path: '/conversations/:id/reply',
      summary: 'Reply as the assigned agent: free text inside the 24-hour window, a template outside it; a reply to a closed conversation reopens it as the agent’s',
      tag: 'inbox',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      body: replyBody,
      status: 201,
      response: replySentSchema,
      async handler({ params, body, principal }) {
        const content: OutboundContent = body.template ? { kind: 'template', ...body.template } : { kind: 'text', body: body.text! };
        const conversation = await load(params.id);
        const reply = { actor: actorOf(principal), content, requestId: body.clientMessageId ?? randomUUID() };
        if (conversation.status === 'CLOSED') return reopenWithReply({ db, temporal, starts, keys, workflowOf }, conversation, reply);
        return commandConversation(temporal, workflowOf, conversation, agentReplyUpdate, reply);
      },
    }),
    command('claim', 'Take an unassigned (or, for admins, any) conversation', async (id, principal) => {
      await commandConversation(temporal, workflowOf, await load(id), claimUpdate, { actor: actorOf(principal) });
    }),
    command(
      'transfer',
      'Hand the conversation to another agent',
      async (id, principal, input) => {
        const { toUserId } = input as { toUserId: string };
        const conversation = await load(id);
        await db.forCurrentTenant((tx) => assertAssignableAgent(tx, toUserId, 'toUserId'));
        await commandConversation(temporal, workflowOf, conversation, transferUpdate, { actor: actorOf(principal), toUserId });
      },
      transferBody,
    ),
    command('return-to-bot', 'Give the conversation back to the bot', async (id, principal) => {
      await commandConversation(temporal, workflowOf, await load(id), returnToBotUpdate, { actor: actorOf(principal) });
    }),
    command('close', 'Close the conversation (a new message from the contact reopens it)', async (id, principal) => {
      await commandConversation(temporal, workflowOf, await load(id), closeUpdate, { actor: actorOf(principal) });
    }),
  ];
}
