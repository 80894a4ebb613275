export interface CampaignRunInput {
  tenantId: string;
  /** The recurring campaign whose schedule fired. */
  parentId: string;
}

export type CampaignRunOutcome = { outcome: 'completed' | 'cancelled' | 'failed'; campaignId: string } | { outcome: 'skipped'; reason: string };
