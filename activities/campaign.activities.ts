import type { Client } from '@temporalio/client';
import { audienceSchema, DEFAULT_MESSAGES_PER_SECOND, quietHoursSchema } from '../domain/campaign';
import type { QuietHours } from '../domain/quiet-hours';
import type { Database } from '../prisma/client';
import type { CampaignStatus } from '../prisma/generated/client';
import { snapshotAudience } from '../prisma/repositories/campaign-audience';
import { campaignFunnel, type CampaignFunnel } from '../prisma/repositories/campaign-funnel';
import { systemClock, type Clock } from './campaign/clock';
import { skipUnreached } from './campaign/recipient-store';
import { createSendCampaignBatch } from './campaign/send-batch';
import type { ChannelRegistry } from '../integrations/channel-registry';

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

export type { CampaignBatchInput, CampaignBatchResult } from './campaign/send-batch';

/** Recipients never reached when a campaign ends early are skipped, with the reason. */
const UNREACHED: Partial<Record<CampaignStatus, { errorCode: string; errorMessage: string }>> = {
  CANCELLED: { errorCode: 'campaign_cancelled', errorMessage: 'The campaign was cancelled before this lead was reached' },
  FAILED: { errorCode: 'campaign_failed', errorMessage: 'The campaign stopped on a failure before this lead was reached' },
};

export function createCampaignActivities({ db, temporal, taskQueue, channels, messagingLimit, clock = systemClock }: { db: Database; temporal: Client; taskQueue: string; channels: ChannelRegistry; messagingLimit: { windowMs: number }; clock?: Clock }) {
  const sendCampaignBatch = createSendCampaignBatch({ db, temporal, taskQueue, channels, clock, messagingLimit });

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
        const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: input.campaignId }, select: { audience: true, maxRecipients: true } });
        return { total: await snapshotAudience(tx, input.campaignId, audienceSchema.parse(campaign.audience), campaign.maxRecipients) };
      });
    },

    async setCampaignStatus(input: { tenantId: string; campaignId: string; status: CampaignStatus; reason?: string; perSecond?: number; capacityUntil?: string | null; cancelRequested?: true }): Promise<void> {
      const terminal = ['COMPLETED', 'CANCELLED', 'FAILED'].includes(input.status);
      await db.inTenant(input.tenantId, async (tx) => {
        const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: input.campaignId }, select: { launchedAt: true } });
        await tx.campaign.update({
          where: { id: input.campaignId },
          data: {
            status: input.status,
            // A campaign that runs again leaves behind why it had paused.
            ...(input.reason !== undefined ? { statusReason: input.reason } : input.status === 'RUNNING' ? { statusReason: null } : {}),
            ...(input.perSecond !== undefined ? { throttlePerSecond: input.perSecond } : {}),
            ...(input.capacityUntil !== undefined ? { capacityUntil: input.capacityUntil === null ? null : new Date(input.capacityUntil) } : {}),
            ...(input.cancelRequested ? { cancelRequestedAt: new Date() } : {}),
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

    sendCampaignBatch,
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
