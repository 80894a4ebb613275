import { pauseReasonOf } from './campaign-pause';

describe('why a campaign pauses', () => {
  it.each([
    [{ templateStatus: 'APPROVED', templateCategory: 'MARKETING', qualityRating: 'RED' }, 'quality_red'],
    [{ templateStatus: 'APPROVED', templateCategory: 'UTILITY', qualityRating: 'RED' }, undefined],
    [{ templateStatus: null, templateCategory: null, qualityRating: 'RED' }, undefined],
    [{ templateStatus: 'APPROVED', templateCategory: 'MARKETING', qualityRating: 'YELLOW' }, undefined],
    [{ templateStatus: 'PAUSED', templateCategory: 'UTILITY', qualityRating: 'GREEN' }, 'template_paused'],
    [{ templateStatus: 'DISABLED', templateCategory: 'MARKETING', qualityRating: 'RED' }, 'template_disabled'],
  ])('%j pauses for %s', (conditions, reason) => {
    expect(pauseReasonOf(conditions)).toBe(reason);
  });
});
