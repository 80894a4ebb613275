import { limitOfTier, messagingTierOf, qualityRatingOf, recipientsFittingToday, remainingCapacity } from './messaging-limit';

describe("Meta's messaging limit", () => {
  it.each([
    ['TIER_2K', 'TIER_2K'],
    ['tier_100k', 'TIER_100K'],
    ['2000', 'TIER_2K'],
    [250, 'TIER_250'],
    [5000, 'TIER_5000'],
    ['TIER_UNLIMITED', 'TIER_UNLIMITED'],
    ['', undefined],
    [null, undefined],
    ['two thousand', undefined],
  ])('names the tier of %p as %p', (value, tier) => {
    expect(messagingTierOf(value)).toBe(tier);
  });

  it.each([
    ['TIER_50', 50],
    ['TIER_2K', 2_000],
    ['TIER_1K', 1_000],
    ['TIER_UNLIMITED', null],
    ['TIER_NOT_SET', 250],
    ['TIER_5000', 5_000],
    ['TIER_3K', 3_000],
    [null, 250],
  ])('lets %p reach %p unique users a day', (tier, limit) => {
    expect(limitOfTier(tier)).toBe(limit);
  });

  it('reads quality ratings whatever their case, and nothing else', () => {
    expect(qualityRatingOf('red')).toBe('RED');
    expect(qualityRatingOf('NA')).toBeUndefined();
  });

  it('never answers a negative remainder, and fits users that take no capacity on top of it', () => {
    expect(remainingCapacity(250, 300)).toBe(0);
    expect(remainingCapacity(null, 300)).toBeNull();
    expect(recipientsFittingToday(60, 2, 48)).toBe(50);
    expect(recipientsFittingToday(10, 2, 48)).toBe(10);
    expect(recipientsFittingToday(60_000, 0, null)).toBe(60_000);
  });
});
