import { billedCost, estimateCampaignCost } from './campaign-cost';
import { CURRENT_PRICE_TABLE, META_2026_10, priceTableOf } from './meta-price-tables';
import { countryOfPhone, decimalOf, marketOf, microsOf, type PriceTable } from './price-table';

const AR = ['+5491140000001', '+5491140000002', '+5491140000003'];
const MX = ['+525512345678', '+525587654321'];
const CL = ['+56912345678'];
const mixed = [...AR, ...MX, ...CL].map((phone) => ({ phone }));

describe('campaign cost estimate from a dated price table', () => {
  it('prices a mixed AR/MX/CL audience by country at the table’s marketing rates', () => {
    const estimate = estimateCampaignCost(mixed, 'MARKETING', META_2026_10);
    expect(estimate).toEqual({
      priceTableVersion: 'meta-2026-10-01',
      currency: 'USD',
      category: 'MARKETING',
      recipients: 6,
      // 3 × 0.0618 + 2 × 0.0305 + 1 × 0.0889
      total: '0.3353',
      byCountry: [
        { country: 'AR', recipients: 3, free: 0, unitPrice: '0.0618', amount: '0.1854' },
        { country: 'MX', recipients: 2, free: 0, unitPrice: '0.0305', amount: '0.0610' },
        { country: 'CL', recipients: 1, free: 0, unitPrice: '0.0889', amount: '0.0889' },
      ],
    });
  });

  it('adds amounts exactly however many messages there are (no floating-point drift)', () => {
    const many = Array.from({ length: 100_000 }, () => ({ phone: '+525512345678' }));
    expect(estimateCampaignCost(many, 'UTILITY', META_2026_10).total).toBe('850.0000');
  });

  it('charges nothing for content sent inside the service window, and nothing for utility to leads whose window is open', () => {
    const text = estimateCampaignCost(mixed, null, META_2026_10);
    expect(text.total).toBe('0.0000');
    expect(text.byCountry.every((row) => row.free === row.recipients && row.amount === '0.0000')).toBe(true);

    const utility = estimateCampaignCost([{ phone: AR[0]!, inServiceWindow: true }, { phone: AR[1]! }], 'UTILITY', META_2026_10);
    expect(utility.byCountry).toEqual([{ country: 'AR', recipients: 2, free: 1, unitPrice: '0.0260', amount: '0.0260' }]);
    const marketing = estimateCampaignCost([{ phone: AR[0]!, inServiceWindow: true }], 'MARKETING', META_2026_10);
    expect(marketing.total).toBe('0.0618');
  });

  it('falls back to North America, rest of Latin America and Other where a country has no rate of its own', () => {
    expect([marketOf('US'), marketOf('CA'), marketOf('UY'), marketOf('DO'), marketOf('DE'), marketOf('ZZ')]).toEqual(['US', 'US', 'LATAM_OTHER', 'LATAM_OTHER', 'OTHER', 'OTHER']);
    expect(countryOfPhone('+999123')).toBe('ZZ');
    const phones = ['+12025550123', '+18095551234', '+59899123456', '+999123'];
    const estimate = estimateCampaignCost(phones.map((phone) => ({ phone })), 'AUTHENTICATION', META_2026_10);
    expect(Object.fromEntries(estimate.byCountry.map((row) => [row.country, row.unitPrice]))).toEqual({ US: '0.0135', DO: '0.0113', UY: '0.0113', ZZ: '0.0077' });
  });

  it('prices billed messages by the category Meta charged, with the estimate’s own table', () => {
    const older: PriceTable = { ...META_2026_10, version: 'older', markets: { ...META_2026_10.markets, AR: { MARKETING: '0.1000', UTILITY: '0.0500', AUTHENTICATION: '0.0500' } } };
    const billed = [
      { phone: AR[0]!, pricingCategory: 'marketing', messages: 2 },
      { phone: MX[0]!, pricingCategory: 'utility', messages: 1 },
      { phone: CL[0]!, pricingCategory: 'service', messages: 4 },
    ];
    expect(billedCost(billed, META_2026_10)).toEqual({ messages: 7, amount: '0.1321', currency: 'USD' });
    expect(billedCost(billed, older).amount).toBe('0.2085');
  });

  it('keeps each published version findable, and uses the current one for an unknown version', () => {
    expect(priceTableOf('meta-2026-10-01')).toBe(META_2026_10);
    expect(priceTableOf('meta-1999-01-01')).toBe(CURRENT_PRICE_TABLE);
    expect(priceTableOf(undefined)).toBe(CURRENT_PRICE_TABLE);
  });

  it('converts between decimal strings and micro-dollars without loss', () => {
    expect(microsOf('0.0618')).toBe(61_800);
    expect(microsOf('12')).toBe(12_000_000);
    expect(decimalOf(12_345_678)).toBe('12.3457');
    expect(() => microsOf('-1')).toThrow();
  });
});
