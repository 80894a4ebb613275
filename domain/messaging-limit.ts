/**
 * Meta's messaging limit: how many unique users a business portfolio may reach with business-initiated
 * messages (templates outside the 24 h service window) in a rolling 24 h. All its numbers share it.
 */

/** Meta counts the limit over a rolling 24 h (configurable: MESSAGING_LIMIT_WINDOW_SECONDS). */
export const MESSAGING_LIMIT_WINDOW_MS = 86_400_000;

/** A new portfolio's limit: what Astor assumes until Meta names the tier. */
const DEFAULT_LIMIT = 250;

/** Unique users per rolling 24 h; null: unlimited. TIER_1K is the pre-October-2025 step some numbers still report. */
const TIER_LIMITS: Record<string, number | null> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
  // A number never used to send yet: it gets its portfolio's limit, at least a new portfolio's.
  TIER_NOT_SET: DEFAULT_LIMIT,
};

const TIER_BY_LIMIT = new Map(Object.entries(TIER_LIMITS).flatMap(([tier, limit]) => (limit === null || tier === 'TIER_NOT_SET' ? [] : [[limit, tier] as const])));

export const QUALITY_RATINGS = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;
export type QualityRating = (typeof QUALITY_RATINGS)[number];

/**
 * A tier as Meta names it (`TIER_2K`), or as a count of users (`2000`; the shape of
 * `max_daily_conversations_per_business` is *unconfirmed*, so both are read). Unknown names are kept as given.
 */
export function messagingTierOf(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const text = String(value).trim().toUpperCase();
  if (/^\d+$/.test(text)) return TIER_BY_LIMIT.get(Number(text)) ?? `TIER_${text}`;
  return /^TIER_[A-Z0-9_]+$/.test(text) ? text : undefined;
}

/** Unique users the tier allows per rolling 24 h; null when unlimited. */
export function limitOfTier(tier: string | null): number | null {
  if (tier === null) return DEFAULT_LIMIT;
  if (tier in TIER_LIMITS) return TIER_LIMITS[tier]!;
  const count = /^TIER_(\d+)(K?)$/.exec(tier);
  return count ? Number(count[1]) * (count[2] ? 1_000 : 1) : DEFAULT_LIMIT;
}

export function qualityRatingOf(value: string | null | undefined): QualityRating | undefined {
  const upper = value?.toUpperCase();
  return (QUALITY_RATINGS as readonly string[]).includes(upper ?? '') ? (upper as QualityRating) : undefined;
}

/** How many more unique users business-initiated messages may reach now; null when the tier is unlimited. */
export function remainingCapacity(limit: number | null, used: number): number | null {
  return limit === null ? null : Math.max(0, limit - used);
}

/** Recipients of an audience that today's capacity takes: those a template would not count again, then as many others as remain. */
export function recipientsFittingToday(audience: number, alreadyFree: number, remaining: number | null): number {
  return remaining === null ? audience : Math.min(audience, alreadyFree + remaining);
}
