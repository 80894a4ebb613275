import type { Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { voiceMessageWorkflow } from '../../workflows/voice-message.workflow';
import type { Database } from '../../prisma/client';
import { recordWhatsAppAuthFailure } from '../../prisma/repositories/integration-secrets';
import { DISPATCH_FRESH_MS, markDispatched, type Dispatch } from '../../prisma/repositories/send-dispatch';
import { startOnce } from '../../temporal/start-once';
import type { VoiceMessageInput } from '../../workflows/voice-message.contract';
import type { MessagingChannel } from '../../integrations/channel';
import { ProviderError } from '../../integrations/provider-error';
import type { MessageSend, Settled, VoiceSend } from './batch-plan';
import type { Clock } from './clock';
import { inFlightLimited, type InFlight } from './in-flight';
import { Pacer, type SendWindow } from './pacer';
import { campaignVoiceRequestId, type FailedOutcome, type SentOutcome } from './recipient-store';
import { bookSendWindow } from './send-window';
import { SentNotes } from './sent-notes';

const IN_FLIGHT = 32;
/**
 * Calls a batch may have awaiting the provider's answer: two seconds of sends, so answers that slow
 * cost no slot, and at most 128 connections (a send cut off with its connection has an unknown
 * outcome, which holds its recipient for minutes).
 */
export const inFlightFor = (perSecond: number) => Math.min(128, Math.max(IN_FLIGHT, perSecond * 2));
/** How early a window's first sends are marked dispatched: a mark slower than a slot's lateness (LATE_MS) would cost slots. */
const MARK_AHEAD_MS = 100;
/** Windows in a row in which a batch may send nothing before it leaves its sends to a later pass. */
const FRUITLESS_WINDOWS = 5;
const FATAL_CATEGORIES = new Set(['auth', 'template']);

export interface DispatchContext {
  db: Database;
  temporal: Client;
  taskQueue: string;
  clock: Clock;
  tenantId: string;
  campaignId: string;
  perSecond: number;
  /** Absent when the batch has no message to send. */
  channel: MessagingChannel | undefined;
  halted(): boolean;
  heartbeat(): void;
  /** The batch's calls awaiting the provider's answer (see `inFlightFor`). */
  inFlight: InFlight;
}

export interface Dispatched extends Settled {
  /** Of `sent`, those the batch must still record: the others were recorded as they answered (SentNotes). */
  unrecorded: SentOutcome[];
  /** Dispatches marked but not sent (refused by the provider with an answer, stale, or halted): open again. */
  released: { messageId: string; dispatchedAt: Date }[];
  /** Messages never dispatched: the campaign halted or failed first, or no window could hold them. */
  notSent: number;
  voicesStarted: string[];
  fatal?: string;
  /** Declined by the provider for the recipient's sake: settled, neither sent nor failed. */
  declined?: FailedOutcome[];
  /** The provider asked the number to slow down. */
  slowDown?: true;
  /** The provider paused or disabled the template: sending waits for an admin. */
  templatePaused?: true;
  notBefore: number;
}

type Sending = DispatchContext & { notes: SentNotes };
/** A batch's account while it sends. */
type Dispatching = Omit<Dispatched, 'unrecorded'>;

/** A message not sent yet; `ours` once this attempt has marked it dispatched, `seen` being that mark. */
type Pending = MessageSend & { ours?: true };

/**
 * Sends a batch's messages, then starts its voice notes, each at a slot of the pacer within the
 * booked window. What the window no longer holds (the pacer fell behind) goes in a further window,
 * booked from now on the number after the others.
 */
export async function dispatchBatch(context: DispatchContext, window: SendWindow, batch: { sends: MessageSend[]; voices: VoiceSend[] }): Promise<Dispatched> {
  const ctx: Sending = { ...context, notes: new SentNotes(context.db, context.tenantId, context.campaignId) };
  let result: Dispatching;
  try {
    result = await dispatchAll(ctx, window, batch);
  } finally {
    await ctx.notes.flush();
  }
  return { ...result, unrecorded: result.sent.filter((sent) => !ctx.notes.recorded(sent.messageId)) };
}

async function dispatchAll(ctx: Sending, window: SendWindow, batch: { sends: MessageSend[]; voices: VoiceSend[] }): Promise<Dispatching> {
  const result: Dispatching = { sent: [], failed: [], deferred: 0, released: [], notSent: 0, voicesStarted: [], notBefore: window.start };
  let sends: Pending[] = batch.sends;
  let voices = batch.voices;
  for (let fruitless = 0; ; ) {
    const pacer = new Pacer(ctx.perSecond, window, ctx.clock);
    const before = sends.length + voices.length;
    sends = await sendMessages(ctx, pacer, sends, result);
    voices = await startVoices(ctx, pacer, voices, result);
    result.notBefore = pacer.notBefore;
    const left = sends.length + voices.length;
    fruitless = left === before ? fruitless + 1 : 0;
    // A busy process can miss a window's first slot; windows that hold none again and again mean it cannot keep pace.
    if (left === 0 || result.fatal || ctx.halted() || fruitless > FRUITLESS_WINDOWS) break;
    const notBefore = Math.max(pacer.notBefore, ctx.clock.now());
    window = await ctx.db.sqlInTenant(ctx.tenantId, (query) => bookSendWindow(query, { sends: left, perSecond: ctx.perSecond, notBefore, now: ctx.clock.now() }));
  }
  for (const item of sends) {
    if (item.ours) result.released.push({ messageId: item.messageId, dispatchedAt: item.seen! });
    else result.notSent += 1;
  }
  return result;
}

/** Answers the sends this window had no room for. */
async function sendMessages(ctx: Sending, pacer: Pacer, sends: Pending[], result: Dispatching): Promise<Pending[]> {
  // Calls in flight are not waited for before the next slot: a provider answering in 0.5 s still gets every slot.
  try {
    return await sendInSlots(ctx, pacer, sends, result);
  } finally {
    await ctx.inFlight.drain();
  }
}

/** A tenth of a second of sends marked dispatched: `wanted` were due, `chunk` fitted the window, `dispatch.won` are ours to send. */
interface Marked {
  chunk: Pending[];
  wanted: number;
  dispatch: Dispatch;
}

const ours = (dispatchedAt: Date) => (item: Pending): Pending => ({ ...item, seen: dispatchedAt, ours: true });

/**
 * Marks the tenth of a second of sends from `start`, taking the `ahead` slots before it as booked.
 * Another attempt of this batch (one that outlived its heartbeat) may be sending too: whoever marks a
 * message first sends it. Each send then goes within DISPATCH_FRESH_MS of its mark, or is released.
 */
async function markChunk(ctx: Sending, pacer: Pacer, sends: Pending[], start: number, ahead: number, result: Dispatching): Promise<Marked> {
  const wanted = Math.min(Math.max(1, Math.ceil(ctx.perSecond / 10)), sends.length - start);
  const chunk = sends.slice(start, start + Math.max(0, pacer.fitting(ahead + wanted) - ahead));
  const dispatch = chunk.length ? await markDispatched(ctx.db.routine, ctx.tenantId, chunk.map((item) => ({ id: item.messageId, seen: item.seen }))) : { at: new Date(), won: new Set<string>() };
  result.deferred += chunk.length - dispatch.won.size;
  return { chunk, wanted, dispatch };
}

/** What is left from `start` once the chunk marked there (if any) is known: its messages we marked, then the rest. */
async function leftFrom(sends: Pending[], start: number, marking: Promise<Marked> | undefined): Promise<Pending[]> {
  if (!marking) return sends.slice(start);
  const { chunk, dispatch } = await marking;
  return [...chunk.filter((item) => dispatch.won.has(item.messageId)).map(ours(dispatch.at)), ...sends.slice(start + chunk.length)];
}

async function sendInSlots(ctx: Sending, pacer: Pacer, sends: Pending[], result: Dispatching): Promise<Pending[]> {
  const stopped = () => result.fatal !== undefined || ctx.halted();
  if (sends.length === 0 || stopped() || !(await pacer.ready(MARK_AHEAD_MS))) return sends;
  let start = 0;
  let marking = markChunk(ctx, pacer, sends, 0, 0, result);
  for (;;) {
    const { chunk, wanted, dispatch } = await marking;
    const release = (messageId: string) => result.released.push({ messageId, dispatchedAt: dispatch.at });
    const won = chunk.filter((item) => dispatch.won.has(item.messageId));
    const rest = start + chunk.length;
    // The next tenth of a second is marked while this one sends: a slow mark costs no slot.
    const following = chunk.length === wanted && rest < sends.length && !stopped() ? markChunk(ctx, pacer, sends, rest, won.length, result) : undefined;
    for (let index = 0; index < won.length; index += 1) {
      // Each send takes its slot right before the provider is called.
      if (!ctx.halted() && (await pacer.slot()) === null) return [...won.slice(index).map(ours(dispatch.at)), ...(await leftFrom(sends, rest, following))];
      const { claim, messageId } = won[index]!;
      await ctx.inFlight.start(async () => {
        if (stopped() || Date.now() - dispatch.at.getTime() > DISPATCH_FRESH_MS) release(messageId);
        else {
          await sendOne(ctx, claim, messageId, result, () => release(messageId));
          ctx.heartbeat();
        }
      });
    }
    if (!following || stopped()) return leftFrom(sends, rest, following);
    start = rest;
    marking = following;
  }
}

async function sendOne(ctx: Sending, { recipient, input }: MessageSend['claim'], messageId: string, result: Dispatching, release: () => void): Promise<void> {
  try {
    const answer = await ctx.channel!.send(recipient.phone, input.content, { callbackData: input.idempotencyKey });
    const sent = { recipientId: recipient.id, leadId: recipient.leadId, messageId, providerMessageId: answer.providerMessageId };
    result.sent.push(sent);
    ctx.notes.note(sent);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (FATAL_CATEGORIES.has(error.category)) {
      if (error.category === 'auth' && !result.fatal) await ctx.db.inTenant(ctx.tenantId, (tx) => recordWhatsAppAuthFailure(tx, error.message));
      result.fatal ??= error.message;
      release();
    } else if (error.category === 'template_paused') {
      result.templatePaused = true;
      release();
    } else if (!error.retryable) {
      const outcome = { recipientId: recipient.id, leadId: recipient.leadId, messageId, code: error.details.code ?? error.category, reason: error.message };
      if (error.category === 'declined') (result.declined ??= []).push(outcome);
      else result.failed.push(outcome);
    }
    // An answer from the provider proves it did not send; a timeout or lost connection proves nothing.
    else if (error.details.httpStatus !== undefined) {
      // A limit on the number slows the campaign; one on a recipient (pair rate) only puts that recipient off.
      if (error.category === 'rate_limit') result.slowDown = true;
      release();
    } else result.deferred += 1;
  }
}

/** Answers the voice notes this window had no room for. */
async function startVoices(ctx: DispatchContext, pacer: Pacer, voices: VoiceSend[], result: Dispatching): Promise<VoiceSend[]> {
  const { tenantId, campaignId, temporal, taskQueue } = ctx;
  return inFlightLimited(voices, IN_FLIGHT, async () => ctx.halted() || (await pacer.slot()) !== null, async ({ recipient, script }) => {
    if (ctx.halted()) return;
    const requestId = campaignVoiceRequestId(campaignId, recipient.leadId);
    const voice: VoiceMessageInput = { tenantId, leadId: recipient.leadId, to: recipient.phone, text: script, purpose: 'CAMPAIGN', requestId, campaignId };
    await startOnce(temporal, voiceMessageWorkflow, { workflowId: workflowIds.voiceMessage(tenantId, requestId), taskQueue, args: [voice], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [recipient.leadId] } });
    result.voicesStarted.push(recipient.id);
    ctx.heartbeat();
  });
}
