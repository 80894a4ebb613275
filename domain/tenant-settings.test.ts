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

describe('stored settings with an invalid key', () => {
  const stored = { slaMinutes: 'soon', assignmentPolicy: 'LEAST_OPEN', botEnabled: false, handoffKeywords: ['Juan Pérez +5491155550123', ''] };
  const warnings: [string, Record<string, unknown> | undefined][] = [];
  const settings = readTenantSettings(stored, 'es-AR', { warn: (message, fields) => warnings.push([message, fields]) });

  it('fall back to the default for that key only', () => {
    expect(settings.slaMinutes).toBe(5);
    expect(settings.handoffKeywords).toEqual(['asesor', 'humano', 'agente']);
    expect(settings).toMatchObject({ assignmentPolicy: 'LEAST_OPEN', botEnabled: false });
  });

  it('are logged by key, without the stored value', () => {
    expect(warnings.map(([, fields]) => fields?.key)).toEqual(['slaMinutes', 'handoffKeywords']);
    expect(JSON.stringify(warnings)).not.toMatch(/soon|Juan|5491155550123/);
  });
});

describe('timing settings', () => {
  it('refuse values below an agency’s real minimums, naming each field', () => {
    const result = tenantSettingsSchema.partial().safeParse({ slaMinutes: 0.5, inactivityCloseHours: 0.5, followUpHours: 0.5 });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['followUpHours', 'inactivityCloseHours', 'slaMinutes']);
    expect(tenantSettingsSchema.partial().safeParse({ slaMinutes: 1, inactivityCloseHours: 1, followUpHours: 1 }).success).toBe(true);
  });

  it('stored by an older version below the minimum read as the default', () => {
    const settings = readTenantSettings({ slaMinutes: 0.05, inactivityCloseHours: 0.004 }, 'es-AR', { warn: () => undefined });
    expect(settings).toMatchObject({ slaMinutes: 5, inactivityCloseHours: 24 });
  });
});
