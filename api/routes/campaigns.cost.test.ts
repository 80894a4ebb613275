import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import { configureWhatsAppChannel, startWhatsAppStack } from '../../testing/whatsapp-harness';

const APP_SECRET = 'astor-development-app-secret';
const WABA = 'waba-costos';
const content = { kind: 'template', name: 'novedades_costo', language: 'es_AR', variables: ['{{lead.firstName|vecino}}'] };
const audience = { tags: ['costo'] };

describe('campaign cost: estimated before launch and stored with it, billable from Meta’s statuses', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  const admin = () => ({
    post: (path: string, body: object = {}) => request(api.app).post(`/api${path}`).set('Authorization', staff.admin.auth).send(body),
    get: (path: string) => request(api.app).get(`/api${path}`).set('Authorization', staff.admin.auth),
  });

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Costos');
    const number = { ...(await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET)), wabaId: WABA };
    stack = await startWhatsAppStack(api, [number]);
    const components = [{ type: 'BODY', text: 'Hola {{1}}, hay novedades', example: { body_text: [['Ana']] } }];
    stack.fake.seedTemplate(WABA, { name: content.name, language: content.language, category: 'MARKETING', components });
    await adminQuery(
      `INSERT INTO "WhatsAppTemplate" (id, "tenantId", name, language, category, components, status, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, 'MARKETING', $4::jsonb, 'APPROVED', now())`,
      [staff.tenant.id, content.name, content.language, JSON.stringify(components)],
    );
    await adminQuery(
      `INSERT INTO "Lead" (id, "tenantId", name, phone, origin, stage, tags, "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, 'Cliente ' || phone, phone, 'WHATSAPP', 'NEW', ARRAY['costo'], now()
       FROM unnest(ARRAY['+5491140000101', '+5491140000102', '+525512345601', '+525512345602', '+56961234567']) AS phone`,
      [staff.tenant.id],
    );
  });
  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  it('previews and stores the estimate for a mixed AR/MX/CL audience, then prices the messages Meta reports billable', async () => {
    // 2 × 0.0618 (AR) + 2 × 0.0305 (MX) + 1 × 0.0889 (CL), marketing, card of 2026-10-01.
    const expected = {
      priceTableVersion: 'meta-2026-10-01',
      currency: 'USD',
      category: 'MARKETING',
      recipients: 5,
      total: '0.2735',
      byCountry: [
        { country: 'AR', recipients: 2, free: 0, unitPrice: '0.0618', amount: '0.1236' },
        { country: 'MX', recipients: 2, free: 0, unitPrice: '0.0305', amount: '0.0610' },
        { country: 'CL', recipients: 1, free: 0, unitPrice: '0.0889', amount: '0.0889' },
      ],
    };
    const { body: preview } = await admin().post('/campaigns/audience-preview', { audience, content }).expect(200);
    expect(preview).toMatchObject({ count: 5, estimatedCost: expected });
    expect((await admin().post('/campaigns/audience-preview', { audience }).expect(200)).body.estimatedCost).toBeNull();

    const { body: created } = await admin().post('/campaigns', { name: 'Costo mixto', type: 'OPORTUNIDADES', audience, content }).expect(201);
    expect((await admin().get(`/campaigns/${created.id}`).expect(200)).body.cost).toEqual({ estimated: null, billable: { messages: 0, amount: '0.0000', currency: 'USD' } });
    await admin().post(`/campaigns/${created.id}/launch`).expect(202);

    const billed = await eventually(
      async () => (await admin().get(`/campaigns/${created.id}`).expect(200)).body,
      (campaign) => campaign.cost.billable.messages === 5,
      60_000,
      200,
    );
    expect(billed.cost).toEqual({ estimated: expected, billable: { messages: 5, amount: '0.2735', currency: 'USD' } });
    const categories = await adminQuery<{ pricingCategory: string; billable: boolean }>(`SELECT "pricingCategory", billable FROM "Message" WHERE "campaignId" = $1`, [created.id]);
    expect(categories).toHaveLength(5);
    expect(categories.every((message) => message.pricingCategory === 'marketing' && message.billable)).toBe(true);
  }, 120_000);

  it('counts only the leads the content reaches in the capacity and the estimate, before launch and in what launch stores', async () => {
    await adminQuery(
      `INSERT INTO "Lead" (id, "tenantId", name, phone, origin, stage, tags, "updatedAt")
       VALUES (gen_random_uuid(), $1::uuid, 'Con nombre', '+5491140000201', 'WHATSAPP', 'NEW', ARRAY['costo-parcial'], now()),
              (gen_random_uuid(), $1::uuid, NULL, '+525512345603', 'WHATSAPP', 'NEW', ARRAY['costo-parcial'], now())`,
      [staff.tenant.id],
    );
    // No fallback: a lead without a first name is skipped, so the Mexican number costs nothing.
    const named = { ...content, variables: ['{{lead.firstName}}'] };
    const partial = { tags: ['costo-parcial'] };
    const expected = { recipients: 1, total: '0.0618', byCountry: [{ country: 'AR', recipients: 1, free: 0, unitPrice: '0.0618', amount: '0.0618' }] };
    const { body: preview } = await admin().post('/campaigns/audience-preview', { audience: partial, content: named }).expect(200);
    expect(preview).toMatchObject({ count: 2, fitsToday: 1, reach: { reached: 1, skipped: [{ reason: 'missing_variable:lead.firstName', count: 1 }] }, estimatedCost: expected });

    const { body: created } = await admin().post('/campaigns', { name: 'Costo parcial', type: 'OPORTUNIDADES', audience: partial, content: named }).expect(201);
    await admin().post(`/campaigns/${created.id}/launch`).expect(202);
    expect((await admin().get(`/campaigns/${created.id}`).expect(200)).body.cost.estimated).toMatchObject(expected);
  }, 60_000);
});
