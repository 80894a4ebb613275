import type { CampaignContent } from '../../domain/campaign';
import { limitOfTier, remainingCapacity } from '../../domain/messaging-limit';
import type { TenantTx } from '../../prisma/client';
import { findFrequencyCapped, leadsMessagedSince } from '../../prisma/repositories/lead-send-frequency';
import { countBusinessInitiatedRecipients, countTemplatesSince, leadsOutsideLimit, nextLimitRelease } from '../../prisma/repositories/messaging-capacity';
import { fitCapacity, type PlanInput } from './batch-plan';
import type { Claim } from './recipient-store';

/** Meta's pair rate: about one message every 6 s to the same user. */
export const PAIR_RATE_MS = 6_000;

/** What the agency's limits say about a batch's leads before it is planned: the marketing cap and the pair rate. */
export async function loadLeadLimits(
  tx: TenantTx,
  batch: { tenantId: string; campaignId: string; content: CampaignContent; leadIds: string[]; now: number },
): Promise<Pick<PlanInput, 'frequencyCapped' | 'recentlyMessaged'>> {
  const { campaignId, leadIds, now } = batch;
  const recentlyMessaged = await leadsMessagedSince(tx, leadIds, new Date(now - PAIR_RATE_MS), campaignId);
  const frequencyCapped = await findFrequencyCapped(tx, batch);
  return { recentlyMessaged, ...(frequencyCapped ? { frequencyCapped } : {}) };
}

/**
 * What a batch learnt from its last full count of the messaging limit: the users still free then.
 * Until it is RECOUNT_AFTER_MS old, every template claimed since (by any sender) is taken as a new
 * user, and while that leaves room for a chunk, the chunk needs no full count.
 */
export interface CapacityCount {
  at: number;
  remaining: number;
}

const RECOUNT_AFTER_MS = 30_000;
/** Messages are stamped by PostgreSQL's clock, the count by this process's: a margin for their drift. */
const CLOCK_DRIFT_MS = 5_000;

/**
 * Keeps the claims the agency's messaging limit takes now; the rest wait until `capacityAt`, when the
 * next counted user leaves the rolling window. Runs in the claiming transaction, under a lock per
 * agency, so concurrent campaigns of the agency never share out the same remaining capacity. The full
 * count reads the whole window (about 90 ms at 60,000 templates a day), so a batch counts in full
 * once and then only what was claimed since (`counted`), until that leaves too little room.
 */
export async function holdOverCapacity(
  tx: TenantTx,
  tenantId: string,
  claims: Claim[],
  at: { now: number; windowMs: number },
  counted: { last?: CapacityCount },
): Promise<{ kept: Claim[]; held: number; capacityAt?: number }> {
  if (!claims.some((claim) => claim.input.content.kind === 'template')) return { kept: claims, held: 0 };
  const channel = await tx.whatsAppChannel.findFirst({ select: { messagingLimitTier: true } });
  const limit = limitOfTier(channel?.messagingLimitTier ?? null);
  if (limit === null) return { kept: claims, held: 0 };
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`messaging-limit:${tenantId}`}))`;
  const { now, windowMs } = at;
  const last = counted.last;
  if (last && now - last.at < RECOUNT_AFTER_MS && last.remaining - (await countTemplatesSince(tx, new Date(last.at - CLOCK_DRIFT_MS))) >= claims.length) return { kept: claims, held: 0 };
  const remaining = remainingCapacity(limit, await countBusinessInitiatedRecipients(tx, new Date(now), windowMs))!;
  counted.last = { at: now, remaining };
  const fitted = fitCapacity(claims, { remaining, free: await leadsOutsideLimit(tx, [...new Set(claims.map((claim) => claim.recipient.leadId))], new Date(now), windowMs) });
  if (fitted.held === 0) return fitted;
  // Nothing counted yet: the sends claimed now are the first to leave the window.
  return { ...fitted, capacityAt: (await nextLimitRelease(tx, new Date(now), windowMs))?.getTime() ?? now + windowMs };
}
