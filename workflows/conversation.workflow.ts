import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, log, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { BotPlatformActivities } from '../activities/bot-platform.activities';
import type { AcceptedInbound, InboundActivities, InboundForWorkflow } from '../activities/inbound.activities';
import type { InboundMediaActivities } from '../activities/inbound-media.activities';
import type { MessagingActivities } from '../activities/messaging.activities';
import type { RoutingActivities } from '../activities/routing.activities';
import { asksForHuman, decideBotReply } from '../domain/bot-replies';
import { OPT_OUT_CONFIRMATION } from '../domain/opt-out';
import { isWithinServiceWindow, SERVICE_WINDOW_CLOSED, type OutboundContent } from '../domain/messaging';
import {
  agentReplyUpdate,
  claimUpdate,
  closeUpdate,
  conversationStateQuery,
  inboundMessagesSignal,
  returnToBotUpdate,
  transferUpdate,
  type Actor,
  type ConversationInput,
  type InboundRef,
} from './conversation.contract';
import { initialState, publicView, rememberMessageId, type ConversationState } from './conversation.state';
import { durable } from './retry-policies';

// Short PostgreSQL-only steps run as local activities: fewer round trips through the server per message.
const { acceptInbound } = proxyLocalActivities<InboundActivities>({ startToCloseTimeout: '15 seconds', retry: durable });
const { storeInboundMedia } = proxyActivities<InboundMediaActivities>({ startToCloseTimeout: '90 seconds', retry: { ...durable, maximumAttempts: 6 } });
const routing = proxyActivities<RoutingActivities>({ startToCloseTimeout: '15 seconds', retry: durable });
const { sendMessage } = proxyActivities<MessagingActivities>({ startToCloseTimeout: '25 seconds', retry: { ...durable, maximumInterval: '60 seconds', maximumAttempts: 30 } });
const { botPlatformFor } = proxyActivities<BotPlatformActivities>({ startToCloseTimeout: '15 seconds', retry: durable });
// A platform that stays down must not hold up the hand-off to a person for long.
const { pauseBotPlatform, resumeBotPlatform } = proxyActivities<BotPlatformActivities>({ startToCloseTimeout: '10 seconds', retry: { ...durable, maximumAttempts: 4 } });

const QUEUED_RETRY_MS = 60_000;
/** Messages one local activity takes up: a backlog goes in a few transactions, each short. */
const MAX_TAKEN_UP_AT_ONCE = 50;
const NO_RULES = { greeting: null, handoffKeywords: [], faq: [] };
const HANDOFF_NOTICE = 'Te comunico con una persona del equipo; en breve te responde.';

function mustHaveStarted(state: ConversationState): void {
  if (!state.conversationId) throw ApplicationFailure.nonRetryable('The conversation has not started yet');
}

function mustHandle(state: ConversationState, actor: Actor): void {
  mustHaveStarted(state);
  if (!actor.isAdmin && state.assigneeId !== actor.userId) throw ApplicationFailure.nonRetryable('Only the assigned agent or an admin may do this; claim the conversation first');
}

/**
 * One open conversation with a contact: the bot answers until it or the contact asks for a human,
 * then the tenant's policy assigns an agent; unanswered messages escalate after the SLA and
 * inactivity closes the conversation. Commands from agents arrive as updates.
 */
export async function conversationWorkflow(input: ConversationInput): Promise<{ closed: string }> {
  const state = input.state ?? initialState(input, Date.now());
  const setup = await routing.loadConversationSetup({ tenantId: state.tenantId });
  const phoneAddressed = state.channel === 'WHATSAPP_CLOUD' || state.channel === 'WHATSAPP_WEB';
  // ManyChat and UChat conversations are answered by the agency's flows there until a person takes over.
  const botPlatform = phoneAddressed ? null : await botPlatformFor({ tenantId: state.tenantId, channel: state.channel });
  if (state.inboundCount === 0 && !botPlatform && !(setup.settings.botEnabled && setup.assistant)) state.mode = 'queued';
  let closeRequest: { reason: string; actorId?: string } | undefined;
  const slaMs = setup.settings.slaMinutes * 60_000;
  const inactivityMs = setup.settings.inactivityCloseHours * 3_600_000;

  // Cloud conversations follow the agency's chosen WhatsApp channel (and its fallback); the others answer where the contact wrote.
  // No `to`: the activity sends to the conversation's contact, so the number stays out of this history.
  const send = (content: OutboundContent, idempotencyKey: string, sentById?: string) =>
    sendMessage({ tenantId: state.tenantId, leadId: state.leadId!, conversationId: state.conversationId, ...(state.channel === 'WHATSAPP_CLOUD' ? {} : { channel: state.channel }), content, idempotencyKey, sentById });

  let lastAssignAttempt = -Infinity;
  /** Automatic messages must not end the conversation when the provider stays down past every retry. */
  async function sendAutomatic(content: OutboundContent, idempotencyKey: string): Promise<void> {
    try {
      await send(content, idempotencyKey);
    } catch (error) {
      log.error('automatic message not sent', { idempotencyKey, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Routing changes in flight: commands wait for them, so an agent just assigned is recognised as such. */
  let routingInFlight = 0;
  async function routingChange<T>(work: () => Promise<T>): Promise<T> {
    routingInFlight += 1;
    try {
      return await work();
    } finally {
      routingInFlight -= 1;
    }
  }
  async function asHandler(actor: Actor): Promise<void> {
    await condition(() => routingInFlight === 0);
    mustHandle(state, actor);
  }

  function assign(exclude: string[] = []): Promise<void> {
    lastAssignAttempt = Date.now();
    return routingChange(async () => {
      const { assigneeId } = await routing.assignConversation({ tenantId: state.tenantId, conversationId: state.conversationId!, policy: setup.settings.assignmentPolicy, exclude });
      if (assigneeId) Object.assign(state, { mode: 'agent', assigneeId });
    });
  }

  function route(actor: Actor, change: Pick<ConversationState, 'mode' | 'assigneeId'>, reason: string): Promise<void> {
    return routingChange(async () => {
      await routing.setConversationRouting({ tenantId: state.tenantId, conversationId: state.conversationId!, assigneeId: change.assigneeId, botActive: change.mode === 'bot', reason, actorId: actor.userId });
      Object.assign(state, change, change.mode === 'bot' ? { waitingSince: undefined, botUnanswered: 0 } : {});
      state.lastActivityAt = Date.now();
    });
  }

  async function handOff(): Promise<void> {
    state.mode = 'queued';
    state.waitingSince ??= Date.now();
    await assign();
  }

  /** Platform calls must not hold up routing: a failure is logged and the person still gets the conversation. */
  async function tellBotPlatform(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.error('bot platform not updated', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  async function answerAsBot(message: InboundForWorkflow): Promise<void> {
    if (botPlatform) {
      if (!asksForHuman(setup.settings.handoffKeywords, { text: message.text, replyId: message.reply?.id })) return;
      await tellBotPlatform(() => pauseBotPlatform({ tenantId: state.tenantId, routing: botPlatform, conversationId: state.conversationId! }));
      await sendAutomatic({ kind: 'text', body: HANDOFF_NOTICE }, `handoff:${message.providerMessageId}`);
      return handOff();
    }
    const decision = decideBotReply(setup.assistant ?? NO_RULES, { text: message.text, replyId: message.reply?.id }, { firstMessage: state.inboundCount === 1, unanswered: state.botUnanswered });
    state.botUnanswered = decision.reason === 'not_understood' ? state.botUnanswered + 1 : 0;
    if (decision.reply) await sendAutomatic({ kind: 'text', body: decision.reply }, `bot:${message.providerMessageId}`);
    if (decision.handoff) {
      await sendAutomatic({ kind: 'text', body: HANDOFF_NOTICE }, `handoff:${message.providerMessageId}`);
      await handOff();
    }
  }

  /** A photo or voice note the provider would not hand over must not hold up the conversation. */
  async function keepMedia(messageId: string): Promise<void> {
    try {
      await storeInboundMedia({ tenantId: state.tenantId, messageId });
    } catch (error) {
      log.error('inbound media not stored', { messageId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Messages waiting here are taken up together: one local activity, one transaction, however many arrived. */
  async function takeUp(refs: InboundRef[]): Promise<void> {
    const fresh = refs.filter((ref) => rememberMessageId(state, ref.providerMessageId));
    if (fresh.length === 0) return;
    const accepted = await acceptInbound({ tenantId: state.tenantId, messageIds: fresh.map((ref) => ref.messageId), workflowId: workflowInfo().workflowId, botActive: state.mode === 'bot', firstOfRun: state.inboundCount === 0 });
    for (const [index, record] of accepted.entries()) await handleInbound(fresh[index]!.messageId, record);
  }

  async function handleInbound(messageId: string, accepted: AcceptedInbound): Promise<void> {
    // Taken up already but new to this workflow: the task that took it up was lost with its worker
    // before the reply went out. Carry on; replies are idempotent per message. A closed conversation's is done.
    if (accepted.duplicate && !accepted.inOpenConversation) return;
    const { message } = accepted;
    if (message.media) await keepMedia(messageId);
    Object.assign(state, { conversationId: accepted.conversationId, leadId: accepted.leadId, lastActivityAt: Date.now(), inboundCount: state.inboundCount + 1 });
    state.lastInboundAt = Math.min(Date.parse(message.sentAt), Date.now());
    if (accepted.optedOut) return sendAutomatic({ kind: 'text', body: OPT_OUT_CONFIRMATION }, `opt-out:${message.providerMessageId}`);
    if (state.mode === 'bot') return answerAsBot(message);
    state.waitingSince ??= Date.now();
    // While nobody is free, new messages do not re-run assignment; the queued timer retries it.
    if (state.mode === 'queued' && Date.now() - lastAssignAttempt >= QUEUED_RETRY_MS) await assign();
  }

  setHandler(inboundMessagesSignal, (refs) => {
    state.pending.push(...refs);
  });
  setHandler(conversationStateQuery, () => publicView(state));
  setHandler(
    agentReplyUpdate,
    async ({ actor, content, requestId }) => {
      await asHandler(actor);
      const result = await send(content, `reply:${requestId}`, actor.userId);
      if (result.status === 'SENT') Object.assign(state, { waitingSince: undefined, lastActivityAt: Date.now() });
      return result;
    },
    {
      validator: ({ content }) => {
        mustHaveStarted(state);
        if (content.kind !== 'template' && !isWithinServiceWindow(state.lastInboundAt, Date.now())) {
          throw ApplicationFailure.create({
            type: SERVICE_WINDOW_CLOSED,
            nonRetryable: true,
            message: 'WhatsApp 24-hour rule: the contact last wrote more than 24 hours ago, so only an approved template may be sent',
          });
        }
      },
    },
  );
  const onceStarted = <Input>(): { validator: (input: Input) => void } => ({ validator: () => mustHaveStarted(state) });
  setHandler(
    claimUpdate,
    async ({ actor }) => {
      await condition(() => routingInFlight === 0);
      if (state.assigneeId && state.assigneeId !== actor.userId && !actor.isAdmin) throw ApplicationFailure.nonRetryable('Another agent already has this conversation; ask an admin to transfer it');
      await route(actor, { mode: 'agent', assigneeId: actor.userId }, 'claimed');
    },
    onceStarted<{ actor: Actor }>(),
  );
  setHandler(
    transferUpdate,
    async ({ actor, toUserId }) => {
      await asHandler(actor);
      await route(actor, { mode: 'agent', assigneeId: toUserId }, 'transferred');
    },
    onceStarted<{ actor: Actor; toUserId: string }>(),
  );
  setHandler(
    returnToBotUpdate,
    async ({ actor }) => {
      await asHandler(actor);
      await route(actor, { mode: 'bot', assigneeId: null }, 'returned_to_bot');
      if (botPlatform) await tellBotPlatform(() => resumeBotPlatform({ tenantId: state.tenantId, routing: botPlatform, conversationId: state.conversationId!, sendFlow: true }));
    },
    onceStarted<{ actor: Actor }>(),
  );
  setHandler(
    closeUpdate,
    async ({ actor }) => {
      await asHandler(actor);
      closeRequest = { reason: 'closed_by_agent', actorId: actor.userId };
    },
    onceStarted<{ actor: Actor }>(),
  );

  for (;;) {
    const now = Date.now();
    const deadlines = [state.lastActivityAt + inactivityMs];
    if (state.mode !== 'bot' && state.waitingSince !== undefined) deadlines.push(state.waitingSince + slaMs);
    if (state.mode === 'queued') deadlines.push(now + QUEUED_RETRY_MS);
    await condition(() => state.pending.length > 0 || closeRequest !== undefined, Math.max(1, Math.min(...deadlines) - now));

    while (state.pending.length > 0) await takeUp(state.pending.splice(0, MAX_TAKEN_UP_AT_ONCE));
    if (closeRequest || Date.now() - state.lastActivityAt >= inactivityMs) {
      const reason = closeRequest ?? { reason: 'inactivity' };
      await condition(allHandlersFinished);
      const { closed } = state.conversationId ? await routing.closeConversation({ tenantId: state.tenantId, conversationId: state.conversationId, ...reason }) : { closed: true };
      if (!closed) {
        // A message the contact sent is stored and on its way here: the conversation stays open for it.
        state.lastActivityAt = Date.now();
        continue;
      }
      if (botPlatform && state.mode !== 'bot' && state.conversationId) await tellBotPlatform(() => resumeBotPlatform({ tenantId: state.tenantId, routing: botPlatform, conversationId: state.conversationId!, sendFlow: false }));
      // Messages that arrived while closing open the next conversation instead of being dropped.
      if (state.pending.length > 0) {
        const next = { ...initialState(input, Date.now()), pending: state.pending, recentMessageIds: state.recentMessageIds };
        await continueAsNew<typeof conversationWorkflow>({ ...input, state: next });
      }
      return { closed: reason.reason };
    }
    if (state.mode !== 'bot' && state.waitingSince !== undefined && Date.now() - state.waitingSince >= slaMs) {
      await routing.recordSlaBreach({ tenantId: state.tenantId, conversationId: state.conversationId!, assigneeId: state.assigneeId, waitingSinceMs: state.waitingSince });
      state.slaBreaches += 1;
      state.waitingSince = Date.now();
      await assign(state.assigneeId ? [state.assigneeId] : []);
    } else if (state.mode === 'queued' && Date.now() - lastAssignAttempt >= QUEUED_RETRY_MS) {
      await assign();
    }
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > (input.historyLimit ?? 5_000)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof conversationWorkflow>({ ...input, state });
    }
  }
}
