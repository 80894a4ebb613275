import type { Client } from '@temporalio/client';
import { campaignContentSchema, type CampaignContent } from '../../domain/campaign';
import { pauseReasonOf } from '../../domain/campaign-pause';
import { workflowIds } from '../../domain/temporal-contracts';
import { sqlOf, type Database, type TenantTx } from '../../prisma/client';
import { sendingConditions } from '../../prisma/repositories/campaign-pause';
import { releaseDispatch } from '../../prisma/repositories/send-dispatch';
import type { ChannelRegistry } from '../../integrations/channel-registry';
import type { MessagingChannel } from '../../integrations/channel';
import { ProviderError } from '../../integrations/provider-error';
import { awaitingVoice, planBatch, settleClaims } from './batch-plan';
import { loadContentContext, type ContentContext } from '../../services/messages/campaign-content';
import type { Clock } from './clock';
import { dispatchBatch, type DispatchContext, type Dispatched } from './dispatch';
import type { SendWindow } from './pacer';
import { campaignVoiceRequestId, claimSends, sendEvidenceFor, loadBatch, markSkipped, markVoiceStarted, recordDeclined, recordOutcomes } from './recipient-store';
import { holdOverCapacity, loadLeadLimits, type CapacityCount } from './send-limits';
import { bookSendWindow } from './send-window';
import { recordCampaignSends } from '../../observability/metrics';
import type { CampaignBatchInput, CampaignBatchResult } from './send-batch';

export interface ChunkDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  channels: ChannelRegistry;
  clock: Clock;
  /** The rolling window of Meta's messaging limit. */
  messagingLimit: { windowMs: number };
}

/** What a batch's chunks share as they send: whether it halted, its heartbeat, its calls in flight. */
export type ChunkControl = Pick<DispatchContext, 'halted' | 'heartbeat' | 'inFlight'>;

/** A chunk loaded, planned and claimed, its sends booked on the number: `send` sends and records them. */
export interface PreparedChunk {
  /** What preparing settled already, with the chunk's `lastSeq` and whether it was the last. */
  result: CampaignBatchResult;
  /** Where its sends are booked; none when it has nothing to send. */
  window: SendWindow | null;
  /** Sending must not go past this chunk: it is paused or failed, or the messaging limit is used up. */
  final: boolean;
  send(control: ChunkControl): Promise<CampaignBatchResult>;
}

/** What a campaign sends, read once per batch. */
export interface CampaignMessage {
  content: CampaignContent;
  context: ContentContext;
}

/** What a batch's chunks share as they are prepared: the message, and the batch's last count of the messaging limit. */
export interface ChunkBatch {
  message: CampaignMessage;
  counted: { last?: CapacityCount };
}

export async function loadCampaignMessage(tx: TenantTx, tenantId: string, campaignId: string): Promise<CampaignMessage> {
  const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { content: true } });
  const content = campaignContentSchema.parse(campaign.content);
  return { content, context: await loadContentContext(tx, tenantId, content) };
}

const nothingToSend = (result: CampaignBatchResult, final: boolean): PreparedChunk => ({ result, window: null, final, send: async () => result });

/**
 * Prepares a chunk of a batch: plans each recipient after `afterSeq` (those an earlier attempt sent
 * are recorded, not sent again), claims the sends in PostgreSQL and books their window on the
 * sending number. Its `send` then dispatches them at the campaign's pace, with their idempotency key
 * as the provider's callback data, and records the outcomes.
 */
export function chunkPreparer({ db, temporal, taskQueue, channels, clock, messagingLimit }: ChunkDeps) {
  /** A voice recipient without a message yet: still generating, or its voice workflow ended without sending. */
  async function voiceFailed(tenantId: string, campaignId: string, leadId: string): Promise<boolean> {
    try {
      const description = await temporal.workflow.getHandle(workflowIds.voiceMessage(tenantId, campaignVoiceRequestId(campaignId, leadId))).describe();
      return description.status.name !== 'RUNNING' && description.status.name !== 'COMPLETED';
    } catch {
      return false;
    }
  }

  return async function prepareChunk(input: CampaignBatchInput, batch: ChunkBatch): Promise<PreparedChunk> {
    const { tenantId, campaignId, perSecond } = input;
    const { content, context } = batch.message;
    const loaded = await db.inTenant(tenantId, async (tx) => {
      const pause = pauseReasonOf(await sendingConditions(tx, campaignId));
      if (pause) return { pause };
      const recipients = await loadBatch(sqlOf(tx), campaignId, input.afterSeq, input.limit);
      const leadLimits = await loadLeadLimits(tx, { tenantId, campaignId, content, leadIds: recipients.map((recipient) => recipient.leadId), now: clock.now() });
      return { recipients, evidence: await sendEvidenceFor(tx, recipients, taskQueue), leadLimits };
    });
    const empty: CampaignBatchResult = { lastSeq: input.afterSeq, exhausted: false, sent: 0, failed: 0, skipped: 0, deferred: 0, retryLater: 0, notBefore: input.notBefore };
    // Nothing past `afterSeq` is settled: once resumed, sending goes on from there.
    if ('pause' in loaded) return nothingToSend({ ...empty, pause: loaded.pause }, true);
    const { recipients, evidence, leadLimits } = loaded;
    const result: CampaignBatchResult = { ...empty, lastSeq: recipients.at(-1)?.seq ?? input.afterSeq, exhausted: recipients.length < input.limit };
    if (recipients.length === 0) return nothingToSend(result, false);

    const failedVoices = new Set<string>();
    for (const recipient of awaitingVoice(recipients, content)) if (await voiceFailed(tenantId, campaignId, recipient.leadId)) failedVoices.add(recipient.id);
    const now = clock.now();
    const plan = planBatch({ tenantId, campaignId, content, context, recipients, evidence, voiceFailed: failedVoices, ...leadLimits, now });

    let channel: MessagingChannel | undefined;
    if (plan.claims.length) {
      try {
        channel = await channels.forTenant(tenantId);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.retryable) throw error;
        return nothingToSend({ ...result, deferred: plan.deferred, fatal: error.message }, true);
      }
    }

    const { claimed, window, capacity } = await db.inTenant(tenantId, async (tx) => {
      // Only the Business API has Meta's messaging limit.
      const capacity = channel?.channel === 'WHATSAPP_CLOUD' ? await holdOverCapacity(tx, tenantId, plan.claims, { now: clock.now(), windowMs: messagingLimit.windowMs }, batch.counted) : { kept: plan.claims, held: 0 };
      const stored = await claimSends(sqlOf(tx), campaignId, channel?.channel ?? 'WHATSAPP_CLOUD', capacity.kept);
      const settled = settleClaims(capacity.kept, stored, evidence, now);
      const sends = settled.toSend.length + plan.voices.length;
      return { claimed: settled, capacity, window: sends > 0 ? await bookSendWindow(sqlOf(tx), { sends, perSecond, notBefore: input.notBefore, now: clock.now() }) : null };
    });

    async function send(control: ChunkControl): Promise<CampaignBatchResult> {
      let dispatched: Dispatched = { sent: [], unrecorded: [], failed: [], deferred: 0, released: [], notSent: 0, voicesStarted: [], notBefore: input.notBefore };
      if (window) dispatched = await dispatchBatch({ db, temporal, taskQueue, clock, tenantId, campaignId, perSecond, channel, ...control }, window, { sends: claimed.toSend, voices: plan.voices });
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
        sent: plan.sent.length + claimed.sent.length + dispatched.sent.length,
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
    }

    return { result, window, final: capacity.held > 0, send };
  };
}
