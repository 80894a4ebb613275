import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { campaignContentSchema } from '../../domain/campaign';
import { workflowIds } from '../../domain/temporal-contracts';
import type { Database } from '../../prisma/client';
import { releaseDispatch } from '../../prisma/repositories/send-dispatch';
import type { ChannelRegistry } from '../../integrations/channel-registry';
import type { MessagingChannel } from '../../integrations/channel';
import { ProviderError } from '../../integrations/provider-error';
import { awaitingVoice, planBatch, settleClaims } from './batch-plan';
import { loadContentContext } from '../../services/messages/campaign-content';
import type { Clock } from './clock';
import { dispatchBatch, type Dispatched } from './dispatch';
import { campaignVoiceRequestId, claimSends, confirmationsFor, loadBatch, markSkipped, markVoiceStarted, recordOutcomes } from './recipient-store';
import { bookSendWindow } from './send-window';
import { watchForStop } from './stop-watch';
import { recordCampaignSends } from '../../observability/metrics';

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

interface BatchDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  channels: ChannelRegistry;
  clock: Clock;
}

/**
 * Settles up to `limit` recipients after `afterSeq`: plans each (recipients already sent by an
 * earlier attempt are recorded, not sent again), claims the sends in PostgreSQL with a booked window
 * on the sending number, dispatches them at the campaign's pace with their idempotency key as the
 * provider's callback data, and records the outcomes.
 */
export function createSendCampaignBatch({ db, temporal, taskQueue, channels, clock }: BatchDeps) {
  /** A voice recipient without a message yet: still generating, or its voice workflow ended without sending. */
  async function voiceFailed(tenantId: string, campaignId: string, leadId: string): Promise<boolean> {
    try {
      const description = await temporal.workflow.getHandle(workflowIds.voiceMessage(tenantId, campaignVoiceRequestId(campaignId, leadId))).describe();
      return description.status.name !== 'RUNNING' && description.status.name !== 'COMPLETED';
    } catch {
      return false;
    }
  }

  return async function sendCampaignBatch(input: CampaignBatchInput): Promise<CampaignBatchResult> {
    const { tenantId, campaignId, perSecond } = input;
    const activity = Context.current();
    const { content, recipients, context, confirmed } = await db.inTenant(tenantId, async (tx) => {
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { content: true } });
      const parsed = campaignContentSchema.parse(campaign.content);
      const batch = await loadBatch(tx, campaignId, input.afterSeq, input.limit);
      return { content: parsed, recipients: batch, context: await loadContentContext(tx, tenantId, parsed), confirmed: await confirmationsFor(tx, batch) };
    });
    const result: CampaignBatchResult = { lastSeq: recipients.at(-1)?.seq ?? input.afterSeq, exhausted: recipients.length < input.limit, sent: 0, failed: 0, skipped: 0, deferred: 0, retryLater: 0, notBefore: input.notBefore };
    if (recipients.length === 0) return result;

    const failedVoices = new Set<string>();
    for (const recipient of awaitingVoice(recipients, content)) if (await voiceFailed(tenantId, campaignId, recipient.leadId)) failedVoices.add(recipient.id);
    const now = clock.now();
    const plan = planBatch({ tenantId, campaignId, content, context, recipients, confirmed, voiceFailed: failedVoices, now });

    let channel: MessagingChannel | undefined;
    if (plan.claims.length) {
      try {
        channel = await channels.forTenant(tenantId);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.retryable) throw error;
        return { ...result, deferred: plan.deferred, fatal: error.message };
      }
    }

    const { claimed, window } = await db.inTenant(tenantId, async (tx) => {
      const stored = await claimSends(tx, campaignId, channel?.channel ?? 'WHATSAPP_CLOUD', plan.claims);
      const settled = settleClaims(plan.claims, stored, confirmed, now);
      const sends = settled.toSend.length + plan.voices.length;
      return { claimed: settled, window: sends > 0 ? await bookSendWindow(tx, { sends, perSecond, notBefore: input.notBefore, now: clock.now() }) : null };
    });

    let dispatched: Dispatched = { sent: [], failed: [], deferred: 0, released: [], notSent: 0, voicesStarted: [], notBefore: input.notBefore };
    if (window) {
      const stop = watchForStop(() => db.inTenant(tenantId, async (tx) => (await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true } })).status));
      const halted = () => stop.stopped || activity.cancellationSignal.aborted;
      const heartbeat = () => activity.heartbeat(result.lastSeq);
      try {
        dispatched = await dispatchBatch({ db, temporal, taskQueue, clock, tenantId, campaignId, perSecond, channel, halted, heartbeat }, window, { sends: claimed.toSend, voices: plan.voices });
      } finally {
        stop.close();
      }
    }

    const sent = [...plan.sent, ...claimed.sent, ...dispatched.sent];
    const failed = [...plan.failed, ...claimed.failed, ...dispatched.failed];
    await db.inTenant(tenantId, async (tx) => {
      await recordOutcomes(tx, campaignId, sent, failed);
      await markSkipped(tx, plan.skipped);
      for (const release of dispatched.released) await releaseDispatch(tx, release.messageId, release.dispatchedAt);
      await markVoiceStarted(tx, dispatched.voicesStarted);
    });
    // Counted once committed: a recipient settled here is never loaded by a later batch or attempt.
    recordCampaignSends({ sent: sent.length, failed: failed.length, skipped: plan.skipped.length });
    return {
      ...result,
      sent: sent.length,
      failed: failed.length,
      skipped: plan.skipped.length,
      deferred: plan.deferred + claimed.deferred + dispatched.deferred + dispatched.voicesStarted.length,
      retryLater: dispatched.notSent + dispatched.released.length + plan.voices.length - dispatched.voicesStarted.length,
      notBefore: dispatched.notBefore,
      ...(dispatched.fatal !== undefined ? { fatal: dispatched.fatal } : {}),
    };
  };
}
