import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { campaignContentSchema } from '../../domain/campaign';
import { pauseReasonOf } from '../../domain/campaign-pause';
import { workflowIds } from '../../domain/temporal-contracts';
import { sqlOf, type Database } from '../../prisma/client';
import { sendingConditions } from '../../prisma/repositories/campaign-pause';
import { releaseDispatch } from '../../prisma/repositories/send-dispatch';
import type { ChannelRegistry } from '../../integrations/channel-registry';
import type { MessagingChannel } from '../../integrations/channel';
import { ProviderError } from '../../integrations/provider-error';
import { awaitingVoice, planBatch, settleClaims } from './batch-plan';
import { loadContentContext } from '../../services/messages/campaign-content';
import type { Clock } from './clock';
import { dispatchBatch, type Dispatched } from './dispatch';
import { campaignVoiceRequestId, claimSends, confirmationsFor, loadBatch, markSkipped, markVoiceStarted, recordDeclined, recordOutcomes } from './recipient-store';
import { holdOverCapacity, loadLeadLimits } from './send-limits';
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
  /** Not sent in this pass (the provider asked to slow down, the pair rate, the messaging limit): to send in a later pass. */
  retryLater: number;
  notBefore: number;
  /** A failure every further send would repeat (revoked token, missing template): the campaign stops. */
  fatal?: string;
  /** Sending must stop until an admin resumes (quality RED for marketing, template paused): the reason, for the admin. */
  pause?: string;
  /** The provider asked the number to slow down (spam or throughput limit): the campaign halves its rate. */
  slowDown?: boolean;
  /** Recipients were deferred because the messaging limit is used up: when it frees up next (epoch ms). */
  capacityAt?: number;
}

interface BatchDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  channels: ChannelRegistry;
  clock: Clock;
  /** The rolling window of Meta's messaging limit. */
  messagingLimit: { windowMs: number };
}

/**
 * Settles up to `limit` recipients after `afterSeq`: plans each (recipients already sent by an
 * earlier attempt are recorded, not sent again), claims the sends in PostgreSQL with a booked window
 * on the sending number, dispatches them at the campaign's pace with their idempotency key as the
 * provider's callback data, and records the outcomes.
 */
export function createSendCampaignBatch({ db, temporal, taskQueue, channels, clock, messagingLimit }: BatchDeps) {
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
    const pause = pauseReasonOf(await db.inTenant(tenantId, (tx) => sendingConditions(tx, campaignId)));
    // Nothing past `afterSeq` is settled: once resumed, sending goes on from there.
    if (pause) return { lastSeq: input.afterSeq, exhausted: false, sent: 0, failed: 0, skipped: 0, deferred: 0, retryLater: 0, notBefore: input.notBefore, pause };
    const { content, recipients, context, confirmed, leadLimits } = await db.inTenant(tenantId, async (tx) => {
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { content: true } });
      const parsed = campaignContentSchema.parse(campaign.content);
      const batch = await loadBatch(tx, campaignId, input.afterSeq, input.limit);
      const leadLimits = await loadLeadLimits(tx, { tenantId, campaignId, content: parsed, leadIds: batch.map((recipient) => recipient.leadId), now: clock.now() });
      return { content: parsed, recipients: batch, context: await loadContentContext(tx, tenantId, parsed), confirmed: await confirmationsFor(tx, batch), leadLimits };
    });
    const result: CampaignBatchResult = { lastSeq: recipients.at(-1)?.seq ?? input.afterSeq, exhausted: recipients.length < input.limit, sent: 0, failed: 0, skipped: 0, deferred: 0, retryLater: 0, notBefore: input.notBefore };
    if (recipients.length === 0) return result;

    const failedVoices = new Set<string>();
    for (const recipient of awaitingVoice(recipients, content)) if (await voiceFailed(tenantId, campaignId, recipient.leadId)) failedVoices.add(recipient.id);
    const now = clock.now();
    const plan = planBatch({ tenantId, campaignId, content, context, recipients, confirmed, voiceFailed: failedVoices, ...leadLimits, now });

    let channel: MessagingChannel | undefined;
    if (plan.claims.length) {
      try {
        channel = await channels.forTenant(tenantId);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.retryable) throw error;
        return { ...result, deferred: plan.deferred, fatal: error.message };
      }
    }

    const { claimed, window, capacity } = await db.inTenant(tenantId, async (tx) => {
      // Only the Business API has Meta's messaging limit.
      const capacity = channel?.channel === 'WHATSAPP_CLOUD' ? await holdOverCapacity(tx, tenantId, plan.claims, clock.now(), messagingLimit.windowMs) : { kept: plan.claims, held: 0 };
      const stored = await claimSends(tx, campaignId, channel?.channel ?? 'WHATSAPP_CLOUD', capacity.kept);
      const settled = settleClaims(capacity.kept, stored, confirmed, now);
      const sends = settled.toSend.length + plan.voices.length;
      return { claimed: settled, capacity, window: sends > 0 ? await bookSendWindow(sqlOf(tx), { sends, perSecond, notBefore: input.notBefore, now: clock.now() }) : null };
    });

    let dispatched: Dispatched = { sent: [], unrecorded: [], failed: [], deferred: 0, released: [], notSent: 0, voicesStarted: [], notBefore: input.notBefore };
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
    const toRecord = [...plan.sent, ...claimed.sent, ...dispatched.unrecorded];
    await db.inTenant(tenantId, async (tx) => {
      await recordOutcomes(tx, campaignId, toRecord, failed);
      await markSkipped(tx, plan.skipped);
      if (dispatched.declined) await recordDeclined(tx, campaignId, dispatched.declined);
      for (const release of dispatched.released) await releaseDispatch(sqlOf(tx), release.messageId, release.dispatchedAt);
      await markVoiceStarted(tx, dispatched.voicesStarted);
    });
    // Counted once committed (sends SentNotes recorded were counted there): a recipient settled here is never loaded again.
    recordCampaignSends({ sent: toRecord.length, failed: failed.length, skipped: plan.skipped.length });
    // The provider refused the template, maybe before its webhook told the registry: paused unless that says disabled.
    const paused = dispatched.templatePaused ? (pauseReasonOf(await db.inTenant(tenantId, (tx) => sendingConditions(tx, campaignId))) ?? 'template_paused') : undefined;
    return {
      ...result,
      sent: sent.length,
      failed: failed.length,
      skipped: plan.skipped.length,
      deferred: plan.deferred + claimed.deferred + dispatched.deferred + dispatched.voicesStarted.length,
      retryLater: plan.retryLater + capacity.held + dispatched.notSent + dispatched.released.length + plan.voices.length - dispatched.voicesStarted.length,
      notBefore: dispatched.notBefore,
      ...(dispatched.fatal !== undefined ? { fatal: dispatched.fatal } : {}),
      ...(dispatched.slowDown ? { slowDown: true } : {}),
      ...(paused ? { pause: paused } : {}),
      ...(capacity.capacityAt !== undefined ? { capacityAt: capacity.capacityAt } : {}),
    };
  };
}
