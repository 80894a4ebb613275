import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';

describe('the agency profile: PATCH /api/tenant changes only what it names', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Perfil');
  });
  afterAll(() => api.close());

  const patch = (body: object) => request(api.app).patch('/api/tenant').set('Authorization', staff.admin.auth).send(body);
  const settingsRead = async () => (await request(api.app).get('/api/tenant').set('Authorization', staff.agent.auth).expect(200)).body.settings;
  const settingsStored = async (tenantId = staff.tenant.id) => (await adminQuery<{ settings: Record<string, unknown> }>(`SELECT settings FROM "Tenant" WHERE id = $1`, [tenantId]))[0]!.settings;

  it('keeps the other settings when one is changed', async () => {
    await patch({ settings: { slaMinutes: 10, botEnabled: false, handoffKeywords: ['vendedor'] } }).expect(200);
    await request(api.app).put('/api/automations/visitReminder').set('Authorization', staff.admin.auth).send({ enabled: false, hoursBefore: 48 }).expect(200);

    const { body } = await patch({ settings: { slaMinutes: 3 } }).expect(200);
    expect(body.settings).toMatchObject({ slaMinutes: 3, botEnabled: false, handoffKeywords: ['vendedor'] });
    const settings = await settingsRead();
    expect(settings).toMatchObject({ slaMinutes: 3, botEnabled: false, handoffKeywords: ['vendedor'] });
    expect(settings.automations.visitReminder.hoursBefore).toBe(48);
  });

  it('stores only what the agency set, not the defaults nor the country its locale gives it', async () => {
    const fresh = await createStaffedTenant(api.db, 'Solo lo elegido');
    await request(api.app).patch('/api/tenant').set('Authorization', fresh.admin.auth).send({ locale: 'es-MX', settings: { maxFollowUps: 1 } }).expect(200);
    expect(await settingsStored(fresh.tenant.id)).toEqual({ maxFollowUps: 1 });
    const { body } = await request(api.app).get('/api/tenant').set('Authorization', fresh.agent.auth).expect(200);
    expect(body.settings).toMatchObject({ maxFollowUps: 1, defaultCountry: 'MX', slaMinutes: 5 });
  });

  it('replaces only the automation rules it names', async () => {
    await request(api.app).put('/api/automations/priceDropAlert').set('Authorization', staff.admin.auth).send({ enabled: false, minDropPercent: 7 }).expect(200);
    await patch({ settings: { automations: { visitFollowUp: { enabled: false, hoursAfter: 5 } } } }).expect(200);
    const { automations } = await settingsRead();
    expect(automations).toMatchObject({ visitFollowUp: { hoursAfter: 5 }, priceDropAlert: { minDropPercent: 7 }, visitReminder: { hoursBefore: 48 } });
  });

  it('still refuses settings that are not valid', async () => {
    const { body } = await patch({ settings: { slaMinutes: -1, unknownSetting: true } }).expect(400);
    expect(body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['settings.slaMinutes', 'settings.unknownSetting']);
  });
});

describe('the phone country of an agency whose settings name none', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('comes from its locale in every request, and is shown as the one in effect', async () => {
    const staff = await createStaffedTenant(api.db, 'Agencia mexicana');
    await adminQuery(`UPDATE "Tenant" SET locale = 'es-MX', settings = '{}' WHERE id = $1`, [staff.tenant.id]);
    const { body } = await request(api.app).post('/api/leads').set('Authorization', staff.agent.auth).send({ phone: '55 1234 5678' }).expect(201);
    expect(body.phone).toBe('+525512345678');
    expect((await request(api.app).get('/api/tenant').set('Authorization', staff.agent.auth).expect(200)).body.settings.defaultCountry).toBe('MX');
  });

  it('follows a change of locale, and accepts the locale of every country phones may default to', async () => {
    const staff = await createStaffedTenant(api.db, 'Agencia viajera');
    for (const [locale, country] of [['es-ES', 'ES'], ['en-US', 'US'], ['es-EC', 'EC'], ['es-PY', 'PY'], ['es-BO', 'BO']] as const) {
      const { body } = await request(api.app).patch('/api/tenant').set('Authorization', staff.admin.auth).send({ locale }).expect(200);
      expect(body.settings.defaultCountry).toBe(country);
    }
    await request(api.app).patch('/api/tenant').set('Authorization', staff.admin.auth).send({ locale: 'fr-FR' }).expect(400);
  });
});
