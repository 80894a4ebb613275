import { limitOfTier, MESSAGING_LIMIT_WINDOW_MS, remainingCapacity } from '../../domain/messaging-limit';
import type { TenantTx } from '../../prisma/client';
import { countBusinessInitiatedRecipients } from '../../prisma/repositories/messaging-capacity';

/** The agency's messaging limit as Meta last told it, and how much of it the rolling window (24 h) used. */
export async function findMessagingCapacity(tx: TenantTx, now = new Date(), windowMs = MESSAGING_LIMIT_WINDOW_MS) {
  const channel = await tx.whatsAppChannel.findFirst({ select: { messagingLimitTier: true, qualityRating: true, qualityEvent: true, messagingLimitUpdatedAt: true } });
  const tier = channel?.messagingLimitTier ?? null;
  const limit = limitOfTier(tier);
  const usedLast24h = await countBusinessInitiatedRecipients(tx, now, windowMs);
  return {
    tier,
    limit,
    usedLast24h,
    remaining: remainingCapacity(limit, usedLast24h),
    qualityRating: channel?.qualityRating ?? null,
    qualityEvent: channel?.qualityEvent ?? null,
    updatedAt: channel?.messagingLimitUpdatedAt ?? null,
  };
}
