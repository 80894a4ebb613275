import { applySettingsChange, storedSettings } from './tenant-record';

describe('a settings change over what the agency stored', () => {
  it('replaces only the keys it names, and within automations only the rules it names', () => {
    const stored = { slaMinutes: 30, automations: { visitReminder: { enabled: true }, newListing: { enabled: false } } };
    const change = { automations: { newListing: { enabled: true } } } as unknown as Parameters<typeof applySettingsChange>[1];
    expect(applySettingsChange(stored, change)).toEqual({ slaMinutes: 30, automations: { visitReminder: { enabled: true }, newListing: { enabled: true } } });
  });

  it('starts from nothing when the stored settings are not an object, so no default is stored as chosen', () => {
    expect(storedSettings(null)).toEqual({});
    expect(storedSettings([1])).toEqual({});
  });
});
