import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { audienceSchema, campaignContentSchema, DEFAULT_MESSAGES_PER_SECOND, quietHoursSchema } from '../domain/campaign';
import type { QuietHours } from '../domain/quiet-hours';
import { SEARCH_ATTRIBUTES, workflowIds, workflowNames } from '../domain/temporal-contracts';
import type { Database } from '../prisma/client';
import type { CampaignStatus } from '../prisma/generated/client';
import { snapshotAudience } from '../prisma/repositories/campaign-audience';
import { recordWhatsAppAuthFailure } from '../prisma/repositories/integration-secrets';
import { DISPATCH_FRESH_MS, dispatchOutcome, markDispatched, releaseDispatch } from '../prisma/repositories/send-dispatch';
import { campaignFunnel, type CampaignFunnel } from '../prisma/repositories/campaign-funnel';
import { startOnce } from '../temporal/start-once';
import type { VoiceMessageInput } from '../workflows/voice-message.contract';
import { describeSkip, loadContentContext, renderForLead } from './campaign/campaign-content';
import { inFlightLimited, Pacer } from './campaign/pacer';
import { bookSendWindow } from './campaign/send-window';
import { watchForStop } from './campaign/stop-watch';
import {
  campaignMessageKey,
  campaignVoiceRequestId,
  claimSends,
  loadBatch,
  markSkipped,
  markVoiceStarted,
  recordOutcomes,
  confirmationsFor,
  skipUnreached,
  type BatchRecipient,
  type Claim,
  type FailedOutcome,
  type SentOutcome,
  type StoredMessage,
} from './campaign/recipient-store';
import type { ChannelRegistry } from './channels/channel-registry';
import type { MessagingChannel } from './channels/messaging-channel';
import { ProviderError } from './providers/provider-error';

export interface CampaignPlan {
  /** Messages per second: the campaign's throttle within the sending number's limit. */
  perSecond: number;
  maxPerSecond: number;
  quietHours: QuietHours | null;
  timeZone: string;
  /** Epoch ms of a scheduled start, if any. */
  startAt: number | null;
  /** Cancelled before its workflow started (an automatic alert whose property was withdrawn). */
  cancelledBeforeStart: boolean;
}

export interface CampaignBatchInput {
  tenantId: string;
  campaignId: string;
  afterSeq: number;
  limit: number;
  perSecond: number;
  notBefore: number;
}

export interface CampaignBatchResult {
  lastSeq: number;
  /** No recipient to settle after `lastSeq`. */
  exhausted: boolean;
  sent: number;
  failed: number;
  skipped: number;
  /** Outcome unknown for now (an earlier attempt's status webhook, or a voice note in progress). */
  deferred: number;
  /** The provider asked to slow down: to send again in a later pass. */
  retryLater: number;
  notBefore: number;
  /** A failure every further send would repeat (revoked token, missing template): the campaign stops. */
  fatal?: string;
}

const IN_FLIGHT = 32;
/** Recipients never reached when a campaign ends early are skipped, with the reason. */
const UNREACHED: Partial<Record<CampaignStatus, { errorCode: string; errorMessage: string }>> = {
  CANCELLED: { errorCode: 'campaign_cancelled', errorMessage: 'The campaign was cancelled before this lead was reached' },
  FAILED: { errorCode: 'campaign_failed', errorMessage: 'The campaign stopped on a failure before this lead was reached' },
};
const FATAL_CATEGORIES = new Set(['auth', 'template']);

export function createCampaignActivities({ db, temporal, taskQueue, channels }: { db: Database; temporal: Client; taskQueue: string; channels: ChannelRegistry }) {
  /** Voice recipients without a message yet: still generating, or the voice workflow ended without sending. */
  async function voiceFailed(tenantId: string, recipient: BatchRecipient, campaignId: string): Promise<boolean> {
    try {
      const description = await temporal.workflow.getHandle(workflowIds.voiceMessage(tenantId, campaignVoiceRequestId(campaignId, recipient.leadId))).describe();
      return description.status.name !== 'RUNNING' && description.status.name !== 'COMPLETED';
    } catch {
      return false;
    }
  }

  return {
    async loadCampaignPlan(input: { tenantId: string; campaignId: string }): Promise<CampaignPlan> {
      return db.inTenant(input.tenantId, async (tx) => {
        const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });
        const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: { timeZone: true } });
        const channel = await tx.whatsAppChannel.findFirst({ select: { messagesPerSecond: true } });
        const maxPerSecond = channel?.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND;
        return {
          perSecond: Math.min(campaign.throttlePerSecond ?? maxPerSecond, maxPerSecond),
          maxPerSecond,
          quietHours: campaign.quietHours ? quietHoursSchema.parse(campaign.quietHours) : null,
          timeZone: tenant.timeZone,
          startAt: campaign.scheduledAt?.getTime() ?? null,
          cancelledBeforeStart: campaign.status === 'CANCELLED',
        };
      });
    },

    async snapshotCampaignAudience(input: { tenantId: string; campaignId: string }): Promise<{ total: number }> {
      return db.inTenant(input.tenantId, async (tx) => {
        const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: input.campaignId }, select: { audience: true } });
        return { total: await snapshotAudience(tx, input.campaignId, audienceSchema.parse(campaign.audience)) };
      });
    },

    async setCampaignStatus(input: { tenantId: string; campaignId: string; status: CampaignStatus; reason?: string; perSecond?: number }): Promise<void> {
      const terminal = ['COMPLETED', 'CANCELLED', 'FAILED'].includes(input.status);
      await db.inTenant(input.tenantId, async (tx) => {
        const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: input.campaignId }, select: { launchedAt: true } });
        await tx.campaign.update({
          where: { id: input.campaignId },
          data: {
            status: input.status,
            ...(input.reason !== undefined ? { statusReason: input.reason } : {}),
            ...(input.perSecond !== undefined ? { throttlePerSecond: input.perSecond } : {}),
            ...(input.status === 'RUNNING' && !campaign.launchedAt ? { launchedAt: new Date() } : {}),
            ...(terminal ? { completedAt: new Date() } : {}),
          },
        });
        const unreached = UNREACHED[input.status];
        if (unreached) await skipUnreached(tx, input.campaignId, unreached);
      });
    },

    async readCampaignFunnel(input: { tenantId: string; campaignId: string }): Promise<CampaignFunnel> {
      return db.inTenant(input.tenantId, (tx) => campaignFunnel(tx, input.campaignId));
    },

    /**
     * Settles up to `limit` recipients after `afterSeq`: recipients already sent by an earlier
     * attempt are recorded, not sent again; the rest are claimed in PostgreSQL, then sent at the
     * campaign's pace with their idempotency key as the provider's callback data.
     */
    async sendCampaignBatch(input: CampaignBatchInput): Promise<CampaignBatchResult> {
      const { tenantId, campaignId } = input;
      const activity = Context.current();
      const { content, recipients, context, confirmed } = await db.inTenant(tenantId, async (tx) => {
        const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { content: true } });
        const parsed = campaignContentSchema.parse(campaign.content);
        const batch = await loadBatch(tx, campaignId, input.afterSeq, input.limit);
        return { content: parsed, recipients: batch, context: await loadContentContext(tx, tenantId, parsed), confirmed: await confirmationsFor(tx, batch) };
      });
      const result: CampaignBatchResult = { lastSeq: recipients.at(-1)?.seq ?? input.afterSeq, exhausted: recipients.length < input.limit, sent: 0, failed: 0, skipped: 0, deferred: 0, retryLater: 0, notBefore: input.notBefore };
      if (recipients.length === 0) return result;

      const now = Date.now();
      const sent: SentOutcome[] = [];
      const failed: FailedOutcome[] = [];
      const skipped: { recipientId: string; reason: string; description: string }[] = [];
      const claims: Claim[] = [];
      const voices: { recipient: BatchRecipient; script: string }[] = [];
      const settle = (recipient: BatchRecipient, message: StoredMessage): 'settled' | 'deferred' | 'open' => {
        const outcome = dispatchOutcome(message, confirmed.get(message.channel) ?? null, now);
        if (outcome === 'failed') failed.push({ recipientId: recipient.id, leadId: recipient.leadId, messageId: message.id, code: message.errorCode ?? 'failed', reason: message.errorMessage ?? 'The provider reported a failure' });
        else if (outcome === 'sent') sent.push({ recipientId: recipient.id, leadId: recipient.leadId, messageId: message.id, providerMessageId: message.providerMessageId! });
        else return outcome === 'unknown' ? 'deferred' : 'open';
        return 'settled';
      };

      for (const recipient of recipients) {
        if (recipient.message) {
          const state = settle(recipient, recipient.message);
          if (state === 'deferred') result.deferred += 1;
          if (state !== 'open') continue;
        }
        if (recipient.status === 'SENDING' && !recipient.message && content.kind === 'voice') {
          if (await voiceFailed(tenantId, recipient, campaignId)) failed.push({ recipientId: recipient.id, leadId: recipient.leadId, messageId: null, code: 'voice_failed', reason: 'The voice note could not be generated or sent; see the lead timeline' });
          else result.deferred += 1;
          continue;
        }
        if (recipient.lead.optOut) {
          skipped.push({ recipientId: recipient.id, reason: 'opted_out', description: describeSkip('opted_out') });
          continue;
        }
        const rendered = renderForLead(content, recipient.lead, context, now);
        if (rendered.kind === 'skip') skipped.push({ recipientId: recipient.id, reason: rendered.reason, description: describeSkip(rendered.reason) });
        else if (rendered.kind === 'voice') voices.push({ recipient, script: rendered.script });
        else claims.push({ recipient, input: { tenantId, leadId: recipient.leadId, campaignId, content: rendered.content, idempotencyKey: campaignMessageKey(campaignId, recipient.leadId) } });
      }

      let channel: MessagingChannel | undefined;
      if (claims.length) {
        try {
          channel = await channels.forTenant(tenantId);
        } catch (error) {
          if (!(error instanceof ProviderError) || error.retryable) throw error;
          return { ...result, fatal: error.message };
        }
      }
      const toSend: { claim: (typeof claims)[number]; messageId: string; seen: Date | null }[] = [];
      let windowStart = input.notBefore;
      await db.inTenant(tenantId, async (tx) => {
        const stored = await claimSends(tx, campaignId, channel?.channel ?? 'WHATSAPP_CLOUD', claims);
        for (const claim of claims) {
          const message = stored.get(claim.recipient.id)!;
          const state = settle(claim.recipient, message);
          if (state === 'deferred') result.deferred += 1;
          if (state === 'open') toSend.push({ claim, messageId: message.id, seen: message.sendAttemptedAt });
        }
        const sends = toSend.length + voices.length;
        if (sends > 0) windowStart = await bookSendWindow(tx, (sends * 1000) / input.perSecond);
      });

      let notSent = 0;
      const released: { messageId: string; dispatchedAt: Date }[] = [];
      const voicesStarted: string[] = [];
      const stop = watchForStop(() => db.inTenant(tenantId, async (tx) => (await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true } })).status));
      const halted = () => stop.stopped || activity.cancellationSignal.aborted;
      const pacer = new Pacer(input.perSecond, Math.max(input.notBefore, windowStart));
      const heartbeat = () => activity.heartbeat(result.lastSeq);
      const nextSlot = () => (halted() ? Promise.resolve() : pacer.slot());
      try {
        // Dispatches are marked a tenth of a second of sends at a time; another attempt of this batch
        // (one that outlived its heartbeat) may be sending too, and whoever marks a message first sends it.
        const chunkSize = Math.max(1, Math.ceil(input.perSecond / 10));
        for (let start = 0; start < toSend.length; start += chunkSize) {
          const chunk = toSend.slice(start, start + chunkSize);
          if (result.fatal || halted()) {
            notSent += chunk.length;
            continue;
          }
          // Marked once the chunk's first send is due, each send then within DISPATCH_FRESH_MS of its mark or released.
          await nextSlot();
          const dispatch = await db.inTenant(tenantId, (tx) => markDispatched(tx, chunk.map((item) => ({ id: item.messageId, seen: item.seen }))));
          result.deferred += chunk.length - dispatch.won.size;
          let firstSlotTaken = true;
          const slot = async () => {
            if (firstSlotTaken) firstSlotTaken = false;
            else await nextSlot();
          };
          await inFlightLimited(chunk.filter((item) => dispatch.won.has(item.messageId)), IN_FLIGHT, slot, async ({ claim, messageId }) => {
            const { recipient } = claim;
            if (result.fatal || halted() || Date.now() - dispatch.at.getTime() > DISPATCH_FRESH_MS) {
              released.push({ messageId, dispatchedAt: dispatch.at });
              return;
            }
            try {
              const answer = await channel!.send(recipient.phone, claim.input.content, { callbackData: claim.input.idempotencyKey });
              sent.push({ recipientId: recipient.id, leadId: recipient.leadId, messageId, providerMessageId: answer.providerMessageId });
            } catch (error) {
              if (!(error instanceof ProviderError)) throw error;
              if (FATAL_CATEGORIES.has(error.category)) {
                if (error.category === 'auth' && !result.fatal) await db.inTenant(tenantId, (tx) => recordWhatsAppAuthFailure(tx, error.message));
                result.fatal ??= error.message;
                released.push({ messageId, dispatchedAt: dispatch.at });
              } else if (!error.retryable) failed.push({ recipientId: recipient.id, leadId: recipient.leadId, messageId, code: error.details.code ?? error.category, reason: error.message });
              // An answer from the provider proves it did not send; a timeout or lost connection proves nothing.
              else if (error.details.httpStatus !== undefined) released.push({ messageId, dispatchedAt: dispatch.at });
              else result.deferred += 1;
            }
            heartbeat();
          });
        }
        await inFlightLimited(voices, IN_FLIGHT, nextSlot, async ({ recipient, script }) => {
          if (halted()) return;
          const requestId = campaignVoiceRequestId(campaignId, recipient.leadId);
          const voice: VoiceMessageInput = { tenantId, leadId: recipient.leadId, to: recipient.phone, text: script, purpose: 'CAMPAIGN', requestId, campaignId };
          await startOnce(temporal, workflowNames.voiceMessage, { workflowId: workflowIds.voiceMessage(tenantId, requestId), taskQueue, args: [voice], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [recipient.leadId] } });
          voicesStarted.push(recipient.id);
          heartbeat();
        });
      } finally {
        stop.close();
      }
      await db.inTenant(tenantId, async (tx) => {
        await recordOutcomes(tx, campaignId, sent, failed);
        await markSkipped(tx, skipped);
        for (const release of released) await releaseDispatch(tx, release.messageId, release.dispatchedAt);
        await markVoiceStarted(tx, voicesStarted);
      });
      return { ...result, sent: sent.length, failed: failed.length, skipped: skipped.length, retryLater: notSent + released.length + voices.length - voicesStarted.length, deferred: result.deferred + voicesStarted.length, notBefore: pacer.notBefore };
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
