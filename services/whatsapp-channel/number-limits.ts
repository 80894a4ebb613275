import { messagingTierOf, qualityRatingOf } from '../../domain/messaging-limit';
import type { GraphPhoneNumber } from '../../integrations/whatsapp-cloud/graph-messages';

export interface NumberLimits {
  qualityRating: string | null;
  messagingLimitTier: string | null;
}

/** The number's quality and its portfolio's messaging limit as Graph reports them. */
export function numberLimitsOf(number: GraphPhoneNumber): NumberLimits {
  return { qualityRating: qualityRatingOf(number.quality_rating) ?? null, messagingLimitTier: messagingTierOf(number.whatsapp_business_manager_messaging_limit) ?? null };
}

/** What Graph named is kept; what it left out keeps the last value Meta gave (a webhook may have told it). */
export function limitsUpdate({ qualityRating, messagingLimitTier }: NumberLimits) {
  if (!qualityRating && !messagingLimitTier) return {};
  return { ...(qualityRating ? { qualityRating } : {}), ...(messagingLimitTier ? { messagingLimitTier } : {}), messagingLimitUpdatedAt: new Date() };
}
