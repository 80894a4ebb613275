import { countryOfLocale, readTenantSettings, tenantSettingsSchema } from './tenant-settings';

describe('the default country for phones written without +', () => {
  it.each([
    ['es-MX', 'MX'],
    ['es-CL', 'CL'],
    ['es-CO', 'CO'],
    ['es-PE', 'PE'],
    ['es-UY', 'UY'],
    ['es-ES', 'ES'],
    ['en-US', 'US'],
    ['es-AR', 'AR'],
  ])('is the region of the locale %s when the settings name none', (locale, country) => {
    expect(readTenantSettings({}, locale).defaultCountry).toBe(country);
  });

  it.each(['es', 'en', 'es-419', 'pt-BR', 'not a locale', '', null, undefined])('falls back to Argentina for the locale %p', (locale) => {
    expect(readTenantSettings({}, locale).defaultCountry).toBe('AR');
  });

  it('is the one the settings name, whatever the locale', () => {
    expect(readTenantSettings({ defaultCountry: 'CL' }, 'es-MX').defaultCountry).toBe('CL');
    expect(readTenantSettings({ defaultCountry: 'AR' }, 'es-MX').defaultCountry).toBe('AR');
  });

  it('follows the locale when the stored settings are unreadable', () => {
    expect(readTenantSettings({ slaMinutes: 'soon' }, 'es-CO').defaultCountry).toBe('CO');
  });

  it('is not made up by a partial update that does not name it', () => {
    expect(tenantSettingsSchema.partial().parse({ slaMinutes: 3 })).not.toHaveProperty('defaultCountry');
  });

  it('is only a country phones may default to', () => {
    expect(countryOfLocale('fr-FR')).toBeUndefined();
    expect(countryOfLocale('es-mx')).toBe('MX');
  });
});
