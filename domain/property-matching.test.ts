import { scoreMatch, type MatchableProperty, type SearchCriteria } from './property-matching';

const lead: SearchCriteria = {
  searchOperation: 'SALE',
  searchType: 'APARTMENT',
  searchZone: 'Palermo',
  budgetMin: 100_000,
  budgetMax: 160_000,
  budgetCurrency: 'USD',
  roomsMin: 2,
};
const property: MatchableProperty = { operation: 'SALE', type: 'APARTMENT', zone: 'palermo', price: 145_000, currency: 'USD', rooms: 2, status: 'AVAILABLE' };

describe('scoreMatch', () => {
  it('gives a perfect fit full marks with its reasons', () => {
    expect(scoreMatch(lead, property)).toEqual({ score: 100, reasons: ['same operation', 'same property type', 'in the wanted zone', 'price within budget', 'enough rooms'] });
  });

  it('ranks a perfect fit above one in another zone, slightly over budget', () => {
    const elsewhere = scoreMatch(lead, { ...property, zone: 'Belgrano', price: 170_000 });
    expect(elsewhere).toBeDefined();
    expect(elsewhere!.score).toBeLessThan(scoreMatch(lead, property)!.score);
    expect(elsewhere!.reasons).toContain('price slightly over budget');
  });

  it.each([
    ['another operation', { operation: 'RENT' }],
    ['another type', { type: 'HOUSE' }],
    ['another currency', { currency: 'ARS' }],
    ['more than 10% over budget', { price: 180_000 }],
    ['not available', { status: 'RESERVED' }],
  ])('excludes %s', (_label, change) => {
    expect(scoreMatch(lead, { ...property, ...change })).toBeUndefined();
  });

  it('does not match a lead that said nothing about what it wants', () => {
    const blank: SearchCriteria = { searchOperation: null, searchType: null, searchZone: null, budgetMin: null, budgetMax: null, budgetCurrency: null, roomsMin: null };
    expect(scoreMatch(blank, property)).toBeUndefined();
  });

  it('matches zones regardless of accents and case', () => {
    expect(scoreMatch({ ...lead, searchZone: 'Nuñez' }, { ...property, zone: 'NUNEZ' })?.reasons).toContain('in the wanted zone');
  });
});
