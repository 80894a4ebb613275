import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CampaignFunnel } from '../prisma/repositories/campaign-funnel';
import { queries, updates } from '../domain/temporal-contracts';

export type CampaignRunStatus = 'SCHEDULED' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface CampaignProgress extends CampaignFunnel {
  status: CampaignRunStatus;
  perSecond: number;
  /** Set while quiet hours hold the sends: when they end (ISO). */
  quietUntil?: string;
  startsAt?: string;
  statusReason?: string;
  /** Set while the agency's messaging limit is used up: when the next pass may reach more users (ISO). */
  capacityUntil?: string;
}

/** What a run carries into the next after continue-as-new. */
export interface CampaignCarry {
  progress: CampaignProgress;
  afterSeq: number;
  notBefore: number;
  /** Recipients of this pass left unsettled (outcome pending or throttled): another pass follows. */
  passOutstanding: number;
  /** The earliest time the messaging limit frees up, reported by this pass's batches (epoch ms). */
  capacityAt?: number;
}

export interface CampaignWorkflowInput {
  tenantId: string;
  campaignId: string;
  carry?: CampaignCarry;
  /** History events after which the run continues as new (tests lower it). */
  historyLimit?: number;
}

export interface CampaignCommand {
  actorId: string;
}

export const campaignProgressQuery = defineQuery<CampaignProgress>(queries.campaignProgress);
export const pauseCampaignUpdate = defineUpdate<CampaignProgress, [CampaignCommand]>(updates.pauseCampaign);
export const resumeCampaignUpdate = defineUpdate<CampaignProgress, [CampaignCommand]>(updates.resumeCampaign);
export const cancelCampaignUpdate = defineUpdate<CampaignProgress, [CampaignCommand]>(updates.cancelCampaign);
export const setCampaignThrottleUpdate = defineUpdate<CampaignProgress, [CampaignCommand & { perSecond: number }]>(updates.setCampaignThrottle);
