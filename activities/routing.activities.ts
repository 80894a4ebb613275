import type { AssistantRules } from '../domain/bot-replies';
import { readTenantSettings, type TenantSettings } from '../domain/tenant-settings';
import type { Database, TenantTx } from '../prisma/client';
import type { User } from '../prisma/generated/client';
import { publishInboxEvent } from '../prisma/inbox-events';
import { recordLeadEvent } from '../prisma/repositories/lead-events';

export interface ConversationSetup {
  settings: Pick<TenantSettings, 'assignmentPolicy' | 'slaMinutes' | 'inactivityCloseHours' | 'botEnabled' | 'handoffKeywords'>;
  assistant: AssistantRules | null;
}

/** What astor_conversation_setup answers (prisma/routines/conversation-setup.sql). */
interface StoredSetup {
  settings: unknown;
  assistant: { greeting: string | null; handoffKeywords: string[]; faq: unknown } | null;
}

type Candidate = Pick<User, 'id' | 'maxOpenConversations' | 'lastAssignedAt'> & { open: number };

const byLastAssigned = (a: Candidate, b: Candidate) => (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0) || a.id.localeCompare(b.id);

/** Picks an available agent with spare capacity: the one waiting longest (round robin) or with fewest open conversations. */
export function pickAgent(candidates: Candidate[], policy: TenantSettings['assignmentPolicy']): Candidate | undefined {
  const withRoom = candidates.filter((candidate) => candidate.open < candidate.maxOpenConversations);
  const order = policy === 'LEAST_OPEN' ? (a: Candidate, b: Candidate) => a.open - b.open || byLastAssigned(a, b) : byLastAssigned;
  return [...withRoom].sort(order)[0];
}

async function candidatesOf(tx: TenantTx, exclude: string[]): Promise<Candidate[]> {
  const users = await tx.user.findMany({
    where: { active: true, availability: 'AVAILABLE', ...(exclude.length ? { id: { notIn: exclude } } : {}) },
    select: { id: true, maxOpenConversations: true, lastAssignedAt: true },
  });
  const counts = await tx.conversation.groupBy({ by: ['assigneeId'], where: { status: 'OPEN', assigneeId: { in: users.map((user) => user.id) } }, _count: { _all: true } });
  const open = new Map(counts.map((row) => [row.assigneeId, row._count._all]));
  return users.map((user) => ({ ...user, open: open.get(user.id) ?? 0 }));
}

type RoutingChange = { assigneeId: string | null; botActive: boolean };

async function applyRouting(tx: TenantTx, tenantId: string, conversationId: string, change: RoutingChange, reason: string, actorId?: string): Promise<void> {
  const conversation = await tx.conversation.update({
    where: { id: conversationId },
    data: { ...change, ...(change.botActive ? { waitingSince: null } : {}) },
  });
  if (change.assigneeId) {
    await tx.user.update({ where: { id: change.assigneeId }, data: { lastAssignedAt: new Date() } });
    await tx.lead.updateMany({ where: { id: conversation.leadId, assignedAgentId: null }, data: { assignedAgentId: change.assigneeId } });
  }
  await recordLeadEvent(tx, { leadId: conversation.leadId, type: 'conversation.routed', payload: { conversationId, ...change, reason, ...(actorId ? { by: actorId } : {}) } });
  await publishInboxEvent(tx, { tenantId, type: 'conversation.assigned', conversationId, assigneeId: change.assigneeId });
}

export function createRoutingActivities({ db }: { db: Database }) {
  return {
    async loadConversationSetup({ tenantId }: { tenantId: string }): Promise<ConversationSetup> {
      const [row] = await db.routine<{ setup: StoredSetup | null }>(`SELECT astor_conversation_setup($1) AS setup`, [tenantId]);
      if (!row?.setup) throw new Error(`agency ${tenantId} does not exist`);
      const settings = readTenantSettings(row.setup.settings);
      const { assistant } = row.setup;
      return {
        settings: { assignmentPolicy: settings.assignmentPolicy, slaMinutes: settings.slaMinutes, inactivityCloseHours: settings.inactivityCloseHours, botEnabled: settings.botEnabled, handoffKeywords: settings.handoffKeywords },
        assistant: assistant && {
          greeting: assistant.greeting,
          handoffKeywords: assistant.handoffKeywords.length ? assistant.handoffKeywords : settings.handoffKeywords,
          faq: Array.isArray(assistant.faq) ? (assistant.faq as AssistantRules['faq']) : [],
        },
      };
    },

    /** Assigns the conversation under a per-tenant lock so two conversations never take the last free seat. */
    async assignConversation(input: { tenantId: string; conversationId: string; policy: TenantSettings['assignmentPolicy']; exclude: string[] }): Promise<{ assigneeId: string | null }> {
      return db.inTenant(input.tenantId, async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`assign:${input.tenantId}`}))`;
        const agent = pickAgent(await candidatesOf(tx, input.exclude), input.policy);
        if (agent) await applyRouting(tx, input.tenantId, input.conversationId, { assigneeId: agent.id, botActive: false }, `auto:${input.policy}`);
        return { assigneeId: agent?.id ?? null };
      });
    },

    async setConversationRouting(input: { tenantId: string; conversationId: string; assigneeId: string | null; botActive: boolean; reason: string; actorId?: string }): Promise<void> {
      const change = { assigneeId: input.assigneeId, botActive: input.botActive };
      await db.inTenant(input.tenantId, (tx) => applyRouting(tx, input.tenantId, input.conversationId, change, input.reason, input.actorId));
    },

    async recordSlaBreach(input: { tenantId: string; conversationId: string; assigneeId: string | null; waitingSinceMs: number }): Promise<void> {
      await db.inTenant(input.tenantId, async (tx) => {
        const conversation = await tx.conversation.update({ where: { id: input.conversationId }, data: { slaBreaches: { increment: 1 } } });
        const waitedMinutes = Math.round((Date.now() - input.waitingSinceMs) / 60_000);
        await recordLeadEvent(tx, { leadId: conversation.leadId, type: 'conversation.sla_breached', payload: { conversationId: input.conversationId, assigneeId: input.assigneeId, waitedMinutes } });
        await publishInboxEvent(tx, { tenantId: input.tenantId, type: 'conversation.escalated', conversationId: input.conversationId, assigneeId: input.assigneeId });
      });
    },

    /**
     * Closes the conversation, unless it closes for inactivity while a message the contact sent is
     * stored but not yet taken up by the workflow (it is on its way): then it stays open.
     */
    async closeConversation(input: { tenantId: string; conversationId: string; reason: string; actorId?: string }): Promise<{ closed: boolean }> {
      return db.inTenant(input.tenantId, async (tx) => {
        const waiting = input.reason === 'inactivity' && (await tx.message.findFirst({ where: { conversationId: input.conversationId, direction: 'INBOUND', processedAt: null }, select: { id: true } }));
        if (waiting) return { closed: false };
        const conversation = await tx.conversation.update({ where: { id: input.conversationId }, data: { status: 'CLOSED', closedAt: new Date(), waitingSince: null } });
        await recordLeadEvent(tx, { leadId: conversation.leadId, type: 'conversation.closed', payload: { conversationId: input.conversationId, reason: input.reason, ...(input.actorId ? { by: input.actorId } : {}) } });
        await publishInboxEvent(tx, { tenantId: input.tenantId, type: 'conversation.closed', conversationId: input.conversationId, assigneeId: conversation.assigneeId });
        return { closed: true };
      });
    },
  };
}

export type RoutingActivities = ReturnType<typeof createRoutingActivities>;
