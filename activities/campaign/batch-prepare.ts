import type { Client } from '@temporalio/client';
import { campaignContentSchema } from '../../domain/campaign';
import { pauseReasonOf } from '../../domain/campaign-pause';
import { workflowIds } from '../../domain/temporal-contracts';
import type { Database } from '../../prisma/client';
import { sendingConditions } from '../../prisma/repositories/campaign-pause';
import type { ChannelRegistry } from '../../integrations/channel-registry';
import type { MessagingChannel } from '../../integrations/channel';
import { ProviderError } from '../../integrations/provider-error';
import { loadContentContext } from '../../services/messages/campaign-content';
import { awaitingVoice, planBatch, settleClaims, type BatchPlan, type MessageSend, type Settled } from './batch-plan';
import type { Clock } from './clock';
import type { SendWindow } from './pacer';
import { campaignVoiceRequestId, claimSends, confirmationsFor, loadBatch } from './recipient-store';
import { holdOverCapacity, loadLeadLimits } from './send-limits';
import { bookSendWindow } from './send-window';
import type { CampaignBatchInput } from './send-batch';

export interface PrepareDeps {
  db: Database;
  temporal: Client;
  channels: ChannelRegistry;
  clock: Clock;
  messagingLimit: { windowMs: number };
}

/** A stretch of recipients planned, claimed and given a window on the number, ready to dispatch. */
export interface PreparedBatch {
  kind: 'prepared';
  lastSeq: number;
  exhausted: boolean;
  /** Where this stretch's sends may start at the earliest. */
  notBefore: number;
  /** The campaign's stored throttle when this stretch was read: a change ends a run of stretches. */
  throttle: number | null;
  plan: BatchPlan;
  claimed: Settled & { toSend: MessageSend[] };
  channel: MessagingChannel | undefined;
  window: (SendWindow & { perSecond: number }) | null;
  held: number;
  capacityAt?: number;
  /** A failure every further send would repeat (revoked token, missing template). */
  fatal?: string;
}

export type Preparation = PreparedBatch | { kind: 'paused'; pause: string };

/**
 * Prepares the next stretch of up to `limit` recipients after `afterSeq`: plans each (recipients
 * already sent by an earlier attempt are recorded, not sent again), holds back what the messaging
 * limit has no room for, claims the sends in PostgreSQL and books their window on the sending number.
 */
export function createPrepareBatch({ db, temporal, channels, clock, messagingLimit }: PrepareDeps) {
  /** A voice recipient without a message yet: still generating, or its voice workflow ended without sending. */
  async function voiceFailed(tenantId: string, campaignId: string, leadId: string): Promise<boolean> {
    try {
      const description = await temporal.workflow.getHandle(workflowIds.voiceMessage(tenantId, campaignVoiceRequestId(campaignId, leadId))).describe();
      return description.status.name !== 'RUNNING' && description.status.name !== 'COMPLETED';
    } catch {
      return false;
    }
  }

  return async function prepareBatch(input: CampaignBatchInput): Promise<Preparation> {
    const { tenantId, campaignId, perSecond } = input;
    const pause = pauseReasonOf(await db.inTenant(tenantId, (tx) => sendingConditions(tx, campaignId)));
    if (pause) return { kind: 'paused', pause };
    const { content, recipients, context, confirmed, leadLimits, throttle } = await db.inTenant(tenantId, async (tx) => {
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { content: true, throttlePerSecond: true } });
      const parsed = campaignContentSchema.parse(campaign.content);
      const batch = await loadBatch(tx, campaignId, input.afterSeq, input.limit);
      const leadLimits = await loadLeadLimits(tx, { tenantId, campaignId, content: parsed, leadIds: batch.map((recipient) => recipient.leadId), now: clock.now() });
      return { content: parsed, recipients: batch, context: await loadContentContext(tx, tenantId, parsed), confirmed: await confirmationsFor(tx, batch), leadLimits, throttle: campaign.throttlePerSecond };
    });
    const failedVoices = new Set<string>();
    for (const recipient of awaitingVoice(recipients, content)) if (await voiceFailed(tenantId, campaignId, recipient.leadId)) failedVoices.add(recipient.id);
    const now = clock.now();
    const plan = planBatch({ tenantId, campaignId, content, context, recipients, confirmed, voiceFailed: failedVoices, ...leadLimits, now });
    const prepared: PreparedBatch = {
      kind: 'prepared',
      lastSeq: recipients.at(-1)?.seq ?? input.afterSeq,
      exhausted: recipients.length < input.limit,
      notBefore: input.notBefore,
      throttle,
      plan,
      claimed: { sent: [], failed: [], deferred: 0, toSend: [] },
      channel: undefined,
      window: null,
      held: 0,
    };
    if (plan.claims.length) {
      try {
        prepared.channel = await channels.forTenant(tenantId);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.retryable) throw error;
        return { ...prepared, fatal: error.message };
      }
    }
    const channel = prepared.channel;
    return db.inTenant(tenantId, async (tx) => {
      // Only the Business API has Meta's messaging limit.
      const capacity = channel?.channel === 'WHATSAPP_CLOUD' ? await holdOverCapacity(tx, tenantId, plan.claims, clock.now(), messagingLimit.windowMs) : { kept: plan.claims, held: 0 };
      const stored = await claimSends(tx, campaignId, channel?.channel ?? 'WHATSAPP_CLOUD', capacity.kept);
      const claimed = settleClaims(capacity.kept, stored, confirmed, now);
      const sends = claimed.toSend.length + plan.voices.length;
      const window = sends > 0 ? await bookSendWindow(tx, { sends, perSecond, notBefore: input.notBefore, now: clock.now() }) : null;
      return { ...prepared, claimed, window, held: capacity.held, ...(capacity.capacityAt !== undefined ? { capacityAt: capacity.capacityAt } : {}) };
    });
  };
}
