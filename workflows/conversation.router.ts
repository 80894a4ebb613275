import { ApplicationFailure, condition, isCancellation, log, patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { BotPlatformActivities } from '../activities/bot-platform.activities';
import type { AcceptedInbound, InboundActivities, InboundForWorkflow } from '../activities/inbound.activities';
import type { InboundMediaActivities } from '../activities/inbound-media.activities';
import type { MessagingActivities, SendMessageInput, SendMessageResult } from '../activities/messaging.activities';
import type { ConversationSetup, RoutingActivities } from '../activities/routing.activities';
import type { BotPlatformRouting } from '../domain/bot-platforms';
import { asksForHuman, decideBotReply } from '../domain/bot-replies';
import { CONVERSATION_CHANNELS } from '../domain/conversation-channels';
import { CONVERSATION_NOT_STARTED, CONVERSATION_TAKEN, NOT_THE_ASSIGNEE } from '../domain/conversation-refusals';
import { isWithinServiceWindow, SERVICE_WINDOW_CLOSED, type OutboundContent } from '../domain/messaging';
import { OPT_OUT_CONFIRMATION } from '../domain/opt-out';
import type { Actor, ConversationInput, InboundRef } from './conversation.contract';
import { initialState, publicView, rememberMessageId, type ConversationState } from './conversation.state';
import { bounded, durable, providerSend } from './retry-policies';

// Short PostgreSQL-only steps run as local activities: fewer round trips through the server per message.
const { acceptInbound } = proxyLocalActivities<InboundActivities>({ startToCloseTimeout: '15 seconds', retry: durable });
const { storeInboundMedia } = proxyActivities<InboundMediaActivities>({ startToCloseTimeout: '90 seconds', retry: bounded(6) });
const routing = proxyActivities<RoutingActivities>({ startToCloseTimeout: '15 seconds', retry: durable });
const { sendMessage } = proxyActivities<MessagingActivities>({ startToCloseTimeout: '25 seconds', retry: providerSend });
// An automatic reply tries once in the workflow's own task; only when that fails does it take the activity's retries.
// Short, so that an agent's command never waits long behind a provider that does not answer.
const { sendMessage: sendMessageOnce } = proxyLocalActivities<MessagingActivities>({ startToCloseTimeout: '5 seconds', retry: { maximumAttempts: 1 } });
const { loadConversationSetup: loadSetupLocally } = proxyLocalActivities<RoutingActivities>({ startToCloseTimeout: '15 seconds', retry: durable });
const { botPlatformFor } = proxyActivities<BotPlatformActivities>({ startToCloseTimeout: '15 seconds', retry: durable });
// A platform that stays down must not hold up the hand-off to a person for long.
const { pauseBotPlatform, resumeBotPlatform } = proxyActivities<BotPlatformActivities>({ startToCloseTimeout: '10 seconds', retry: bounded(4) });

const QUEUED_RETRY_MS = 60_000;
/** Messages one local activity takes up: a backlog goes in a few transactions, each short. */
const MAX_TAKEN_UP_AT_ONCE = 50;
const NO_RULES = { greeting: null, handoffKeywords: [], faq: [] };
const PAUSE_PLATFORM_ON_CLAIM = 'pause-bot-platform-on-claim';
const LOCAL_SETUP = 'conversation-setup-local';
const AUTOMATIC_REPLY_LOCAL_FIRST = 'automatic-reply-local-first';
const HANDOFF_NOTICE = 'Te comunico con una persona del equipo; en breve te responde.';

export interface CloseRequest {
  reason: string;
  actorId?: string;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One open conversation with a contact: the bot answers until it or the contact asks for a human,
 * then the tenant's policy assigns an agent; unanswered messages escalate after the SLA and
 * inactivity closes the conversation.
 *
 * Who handles the conversation (mode and assignee) changes only under `routingLock`: each decision
 * reads, writes PostgreSQL and updates the state without another interleaving, and a command waits
 * for the changes before it. Sends and bot-platform calls stay outside the lock, so a provider that
 * is down never holds up an agent; everything else is written in stretches with no await.
 */
export class ConversationRouter {
  private readonly routingLock = new Mutex();
  private closeRequest: CloseRequest | undefined;
  private lastAssignAttempt = -Infinity;
  private readonly slaMs: number;
  private readonly inactivityMs: number;

  private constructor(
    private readonly input: ConversationInput,
    private readonly state: ConversationState,
    private readonly setup: ConversationSetup,
    private readonly botPlatform: BotPlatformRouting | null,
  ) {
    this.slaMs = setup.settings.slaMinutes * 60_000;
    this.inactivityMs = setup.settings.inactivityCloseHours * 3_600_000;
    if (state.inboundCount === 0 && !botPlatform && !(setup.settings.botEnabled && setup.assistant)) state.mode = 'queued';
  }

  static async open(input: ConversationInput): Promise<ConversationRouter> {
    const state = input.state ?? initialState(input, Date.now());
    const setup = patched(LOCAL_SETUP) ? await loadSetupLocally({ tenantId: state.tenantId }) : await routing.loadConversationSetup({ tenantId: state.tenantId });
    // Decided here rather than in botPlatformFor: calling it for WhatsApp too would add an activity to running histories.
    const { answeredByBotPlatform } = CONVERSATION_CHANNELS[state.channel];
    const botPlatform = answeredByBotPlatform ? await botPlatformFor({ tenantId: state.tenantId, channel: state.channel }) : null;
    return new ConversationRouter(input, state, setup, botPlatform);
  }

  // Handlers: the signal, the query and the updates.

  receive(refs: InboundRef[]): void {
    this.state.pending.push(...refs);
  }

  view(): ReturnType<typeof publicView> {
    return publicView(this.state);
  }

  mustHaveStarted(): void {
    if (!this.state.conversationId) throw ApplicationFailure.nonRetryable('The conversation has not started yet', CONVERSATION_NOT_STARTED);
  }

  validateReply({ content }: { content: OutboundContent }): void {
    this.mustHaveStarted();
    if (content.kind !== 'template' && !isWithinServiceWindow(this.state.lastInboundAt, Date.now())) {
      throw ApplicationFailure.create({
        type: SERVICE_WINDOW_CLOSED,
        nonRetryable: true,
        message: 'WhatsApp 24-hour rule: the contact last wrote more than 24 hours ago, so only an approved template may be sent',
      });
    }
  }

  async reply({ actor, content, requestId }: { actor: Actor; content: OutboundContent; requestId: string }): Promise<SendMessageResult> {
    await this.routingLock.runExclusive(() => this.mustHandle(actor));
    const result = await this.send(content, `reply:${requestId}`, actor.userId);
    if (result.status === 'SENT') Object.assign(this.state, { waitingSince: undefined, lastActivityAt: Date.now() });
    return result;
  }

  async claim({ actor }: { actor: Actor }): Promise<void> {
    const fromBot = await this.routingLock.runExclusive(async () => {
      if (this.state.assigneeId && this.state.assigneeId !== actor.userId && !actor.isAdmin) throw ApplicationFailure.nonRetryable('Another agent already has this conversation; ask an admin to transfer it', CONVERSATION_TAKEN);
      const wasBot = this.state.mode === 'bot';
      await this.route(actor, { mode: 'agent', assigneeId: actor.userId }, 'claimed');
      return wasBot;
    });
    // Taking a conversation over from the bot builder silences it, as a hand-off does; earlier runs left it answering.
    const platform = this.botPlatform;
    if (fromBot && platform && patched(PAUSE_PLATFORM_ON_CLAIM)) await this.tellBotPlatform(() => pauseBotPlatform({ tenantId: this.state.tenantId, routing: platform, conversationId: this.state.conversationId! }));
  }

  transfer({ actor, toUserId }: { actor: Actor; toUserId: string }): Promise<void> {
    return this.routingLock.runExclusive(async () => {
      this.mustHandle(actor);
      await this.route(actor, { mode: 'agent', assigneeId: toUserId }, 'transferred');
    });
  }

  async returnToBot({ actor }: { actor: Actor }): Promise<void> {
    await this.routingLock.runExclusive(async () => {
      this.mustHandle(actor);
      await this.route(actor, { mode: 'bot', assigneeId: null }, 'returned_to_bot');
    });
    const platform = this.botPlatform;
    if (platform) await this.tellBotPlatform(() => resumeBotPlatform({ tenantId: this.state.tenantId, routing: platform, conversationId: this.state.conversationId!, sendFlow: true }));
  }

  close({ actor }: { actor: Actor }): Promise<void> {
    return this.routingLock.runExclusive(() => {
      this.mustHandle(actor);
      this.closeRequest = { reason: 'closed_by_agent', actorId: actor.userId };
    });
  }

  // The main loop's steps.

  /** Until a message or a close request arrives, or the earliest of inactivity, SLA and queued retry is due. */
  async waitForWork(): Promise<void> {
    const now = Date.now();
    const deadlines = [this.state.lastActivityAt + this.inactivityMs];
    if (this.isWaitingForAgent()) deadlines.push(this.state.waitingSince! + this.slaMs);
    if (this.state.mode === 'queued') deadlines.push(now + QUEUED_RETRY_MS);
    await condition(() => this.state.pending.length > 0 || this.closeRequest !== undefined, Math.max(1, Math.min(...deadlines) - now));
  }

  async takeUpPending(): Promise<void> {
    while (this.state.pending.length > 0) await this.takeUp(this.state.pending.splice(0, MAX_TAKEN_UP_AT_ONCE));
  }

  /** An agent asked to close, or the conversation has been idle past the tenant's limit. */
  closeDue(): CloseRequest | undefined {
    if (this.closeRequest) return this.closeRequest;
    return Date.now() - this.state.lastActivityAt >= this.inactivityMs ? { reason: 'inactivity' } : undefined;
  }

  /** False when a message the contact sent is stored and on its way here: the conversation stays open for it. */
  async closeConversation(request: CloseRequest): Promise<boolean> {
    const { tenantId, conversationId } = this.state;
    const { closed } = conversationId ? await routing.closeConversation({ tenantId, conversationId, ...request }) : { closed: true };
    if (!closed) {
      this.state.lastActivityAt = Date.now();
      return false;
    }
    const platform = this.botPlatform;
    if (platform && this.state.mode !== 'bot' && conversationId) await this.tellBotPlatform(() => resumeBotPlatform({ tenantId, routing: platform, conversationId, sendFlow: false }));
    return true;
  }

  /** Messages that arrived while closing open the next conversation instead of being dropped. */
  nextConversation(): ConversationInput | undefined {
    if (this.state.pending.length === 0) return undefined;
    const state = { ...initialState(this.input, Date.now()), pending: this.state.pending, recentMessageIds: this.state.recentMessageIds };
    return { ...this.input, state };
  }

  /** A message unanswered past the SLA goes to another agent; while nobody is free, assignment is retried. */
  escalate(): Promise<void> {
    return this.routingLock.runExclusive(async () => {
      const { tenantId, conversationId, assigneeId, waitingSince } = this.state;
      if (this.isWaitingForAgent() && Date.now() - waitingSince! >= this.slaMs) {
        await routing.recordSlaBreach({ tenantId, conversationId: conversationId!, assigneeId, waitingSinceMs: waitingSince! });
        this.state.slaBreaches += 1;
        this.state.waitingSince = Date.now();
        this.lastAssignAttempt = Date.now();
        await this.assignNow(assigneeId ? [assigneeId] : []);
      } else if (this.state.mode === 'queued' && Date.now() - this.lastAssignAttempt >= QUEUED_RETRY_MS) {
        this.lastAssignAttempt = Date.now();
        await this.assignNow();
      }
    });
  }

  shouldContinueAsNew(): boolean {
    return workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > (this.input.historyLimit ?? 5_000);
  }

  carryOver(): ConversationInput {
    return { ...this.input, state: this.state };
  }

  // Inbound messages.

  /** Messages waiting here are taken up together: one local activity, one transaction, however many arrived. */
  private async takeUp(refs: InboundRef[]): Promise<void> {
    const fresh = refs.filter((ref) => rememberMessageId(this.state, ref.providerMessageId));
    if (fresh.length === 0) return;
    const accepted = await acceptInbound({
      tenantId: this.state.tenantId,
      messageIds: fresh.map((ref) => ref.messageId),
      workflowId: workflowInfo().workflowId,
      botActive: this.state.mode === 'bot',
      firstOfRun: this.state.inboundCount === 0,
    });
    for (const [index, record] of accepted.entries()) await this.handleInbound(fresh[index]!.messageId, record);
  }

  private async handleInbound(messageId: string, accepted: AcceptedInbound): Promise<void> {
    // Taken up already but new to this workflow: the task that took it up was lost with its worker
    // before the reply went out. Carry on; replies are idempotent per message. A closed conversation's is done.
    if (accepted.duplicate && !accepted.inOpenConversation) return;
    const { message } = accepted;
    if (message.media) await this.keepMedia(messageId);
    Object.assign(this.state, { conversationId: accepted.conversationId, leadId: accepted.leadId, lastActivityAt: Date.now(), inboundCount: this.state.inboundCount + 1 });
    this.state.lastInboundAt = Math.min(Date.parse(message.sentAt), Date.now());
    if (accepted.optedOut) return this.sendAutomatic({ kind: 'text', body: OPT_OUT_CONFIRMATION }, `opt-out:${message.providerMessageId}`);
    if (this.state.mode === 'bot') return this.answerAsBot(message);
    this.state.waitingSince ??= Date.now();
    // While nobody is free, new messages do not re-run assignment; the queued timer retries it.
    if (this.state.mode === 'queued' && Date.now() - this.lastAssignAttempt >= QUEUED_RETRY_MS) await this.assign();
  }

  private async answerAsBot(message: InboundForWorkflow): Promise<void> {
    const platform = this.botPlatform;
    if (platform) {
      if (!asksForHuman(this.setup.settings.handoffKeywords, { text: message.text, replyId: message.reply?.id })) return;
      await this.tellBotPlatform(() => pauseBotPlatform({ tenantId: this.state.tenantId, routing: platform, conversationId: this.state.conversationId! }));
      await this.sendAutomatic({ kind: 'text', body: HANDOFF_NOTICE }, `handoff:${message.providerMessageId}`);
      return this.handOff();
    }
    const decision = decideBotReply(this.setup.assistant ?? NO_RULES, { text: message.text, replyId: message.reply?.id }, { firstMessage: this.state.inboundCount === 1, unanswered: this.state.botUnanswered });
    this.state.botUnanswered = decision.reason === 'not_understood' ? this.state.botUnanswered + 1 : 0;
    if (decision.reply) await this.sendAutomatic({ kind: 'text', body: decision.reply }, `bot:${message.providerMessageId}`);
    if (decision.handoff) {
      await this.sendAutomatic({ kind: 'text', body: HANDOFF_NOTICE }, `handoff:${message.providerMessageId}`);
      await this.handOff();
    }
  }

  /** A photo or voice note the provider would not hand over must not hold up the conversation. */
  private async keepMedia(messageId: string): Promise<void> {
    try {
      await storeInboundMedia({ tenantId: this.state.tenantId, messageId });
    } catch (error) {
      log.error('inbound media not stored', { messageId, error: errorMessage(error) });
    }
  }

  // Routing: always under routingLock.

  private handOff(): Promise<void> {
    this.lastAssignAttempt = Date.now();
    return this.routingLock.runExclusive(() => {
      this.state.mode = 'queued';
      this.state.waitingSince ??= Date.now();
      return this.assignNow();
    });
  }

  private assign(): Promise<void> {
    this.lastAssignAttempt = Date.now();
    return this.routingLock.runExclusive(() => this.assignNow());
  }

  private async assignNow(exclude: string[] = []): Promise<void> {
    const { tenantId, conversationId } = this.state;
    const { assigneeId } = await routing.assignConversation({ tenantId, conversationId: conversationId!, policy: this.setup.settings.assignmentPolicy, exclude });
    if (assigneeId) Object.assign(this.state, { mode: 'agent', assigneeId });
  }

  private async route(actor: Actor, change: Pick<ConversationState, 'mode' | 'assigneeId'>, reason: string): Promise<void> {
    const { tenantId, conversationId } = this.state;
    await routing.setConversationRouting({ tenantId, conversationId: conversationId!, assigneeId: change.assigneeId, botActive: change.mode === 'bot', reason, actorId: actor.userId });
    Object.assign(this.state, change, change.mode === 'bot' ? { waitingSince: undefined, botUnanswered: 0 } : {});
    this.state.lastActivityAt = Date.now();
  }

  private mustHandle(actor: Actor): void {
    this.mustHaveStarted();
    if (!actor.isAdmin && this.state.assigneeId !== actor.userId) throw ApplicationFailure.nonRetryable('Only the assigned agent or an admin may do this; claim the conversation first', NOT_THE_ASSIGNEE);
  }

  private isWaitingForAgent(): boolean {
    return this.state.mode !== 'bot' && this.state.waitingSince !== undefined;
  }

  // Outside calls that must not end the conversation.

  private sendInput(content: OutboundContent, idempotencyKey: string, sentById?: string): SendMessageInput {
    const { tenantId, leadId, conversationId, channel } = this.state;
    // No `to`: the activity sends to the conversation's contact, so the number stays out of this history.
    return { tenantId, leadId: leadId!, conversationId, ...(CONVERSATION_CHANNELS[channel].repliesFollowAgencyWhatsApp ? {} : { channel }), content, idempotencyKey, sentById };
  }

  private send(content: OutboundContent, idempotencyKey: string, sentById?: string): Promise<SendMessageResult> {
    return sendMessage(this.sendInput(content, idempotencyKey, sentById));
  }

  /**
   * Automatic messages must not end the conversation when the provider stays down past every retry.
   * Each goes out first from the workflow task itself (no round trip through the server per reply); a
   * failed try is left to the activity, which the idempotency key keeps from sending twice.
   */
  private async sendAutomatic(content: OutboundContent, idempotencyKey: string): Promise<void> {
    const input = this.sendInput(content, idempotencyKey);
    try {
      if (patched(AUTOMATIC_REPLY_LOCAL_FIRST)) {
        try {
          await sendMessageOnce(input);
          return;
        } catch (error) {
          if (isCancellation(error)) throw error;
        }
      }
      await sendMessage(input);
    } catch (error) {
      log.error('automatic message not sent', { idempotencyKey, error: errorMessage(error) });
    }
  }

  /** Platform calls must not hold up routing: a failure is logged and the person still gets the conversation. */
  private async tellBotPlatform(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.error('bot platform not updated', { error: errorMessage(error) });
    }
  }
}
