import request from 'supertest';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { seedCampaignLeads } from '../testing/campaign-harness';
import { eventually } from '../testing/eventually';
import { configureWhatsAppChannel, startWhatsAppStack } from '../testing/whatsapp-harness';

const APP_SECRET = 'astor-development-app-secret';
const LANGUAGE = 'es_AR';
const MARKETING = 'promo_quincena';
const UTILITY = 'aviso_quincena';
const body = [{ type: 'BODY', text: 'Hola {{1}}, tenemos novedades', example: { body_text: [['Ana']] } }];
const contentOf = (name: string) => ({ kind: 'template', name, language: LANGUAGE, variables: ['{{lead.firstName|vecino}}'] });

type Progress = { status: string; statusReason: string | null; perSecond: number; total: number; sent: number; failed: number; declined: number; pending: number };

describe("campaigns and Meta's limits: quality, template pauses, per-user caps and throughput", () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let phoneNumberId: string;
  const waba = () => `waba-${phoneNumberId}`;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Calidad');
    const number = await configureWhatsAppChannel(api.db, staff.tenant.id, APP_SECRET);
    phoneNumberId = number.phoneNumberId;
    // Quality and template webhooks name the business account; an unlimited portfolio keeps the messaging limit out of these tests.
    await adminQuery(`UPDATE "WhatsAppChannel" SET "businessAccountId" = $2, "messagingLimitTier" = 'TIER_UNLIMITED', "qualityRating" = 'GREEN' WHERE "tenantId" = $1`, [staff.tenant.id, waba()]);
    await adminQuery(
      `INSERT INTO "WhatsAppTemplate" (id, "tenantId", name, language, category, components, status, "updatedAt") VALUES
       (gen_random_uuid(), $1, $2, $4, 'MARKETING', $5::jsonb, 'APPROVED', now()), (gen_random_uuid(), $1, $3, $4, 'UTILITY', $5::jsonb, 'APPROVED', now())`,
      [staff.tenant.id, MARKETING, UTILITY, LANGUAGE, JSON.stringify(body)],
    );
    const withAccount = { ...number, wabaId: waba() };
    stack = await startWhatsAppStack(api, [withAccount], { statuses: [] });
  });
  afterAll(async () => {
    await stack.stop();
    await api.close();
  });
  beforeEach(() => {
    stack.fake.reset();
    for (const [name, category] of [[MARKETING, 'MARKETING'], [UTILITY, 'UTILITY']] as const) stack.fake.seedTemplate(waba(), { name, language: LANGUAGE, category, components: body });
  });

  const admin = (language?: string) => {
    const as = <T extends request.Test>(call: T) => (language ? call.set('Accept-Language', language) : call).set('Authorization', staff.admin.auth);
    return {
      post: (path: string, payload: object = {}) => as(request(api.app).post(`/api${path}`)).send(payload),
      get: (path: string) => as(request(api.app).get(`/api${path}`)),
    };
  };
  const progressOf = async (id: string) => (await admin().get(`/campaigns/${id}/progress`).expect(200)).body as Progress;
  const sentWith = (template: string) => stack.fake.sent().filter((message) => (message.body.template as { name?: string } | undefined)?.name === template);
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function launch(tag: string, template: string, throttlePerSecond: number): Promise<string> {
    const created = await admin().post('/campaigns', { name: `Campaña ${tag}`, type: 'OPORTUNIDADES', audience: { tags: [tag] }, content: contentOf(template), throttlePerSecond }).expect(201);
    await admin().post(`/campaigns/${created.body.id}/launch`).expect(202);
    return created.body.id as string;
  }

  it('pauses marketing within seconds of the number turning RED while utility goes on, tells the admin, and resumes once quality rises', async () => {
    await seedCampaignLeads(staff.tenant.id, 40, { prefix: '21', tag: 'rojo-marketing' });
    await seedCampaignLeads(staff.tenant.id, 40, { prefix: '22', tag: 'rojo-utilidad' });
    const marketing = await launch('rojo-marketing', MARKETING, 4);
    const utility = await launch('rojo-utilidad', UTILITY, 10);
    await eventually(() => sentWith(MARKETING).length, (sent) => sent >= 4, 30_000, 20);

    expect(await stack.fake.updateQuality(phoneNumberId, 'FLAGGED', { qualityRating: 'RED' })).toBe(200);
    // The batch in flight (about half a second of sends) ends, the next one stops: far within the 10 s bound.
    const paused = await eventually(() => progressOf(marketing), (progress) => progress.status === 'PAUSED', 10_000, 100);
    expect(paused.statusReason).toBe('quality_red');
    const atPause = sentWith(MARKETING).length;
    expect(atPause).toBeLessThan(40);

    const health = (await admin().get('/tenant/health').expect(200)).body;
    expect(health.whatsapp).toMatchObject({ qualityRating: 'RED' });
    const refused = await admin('es').post(`/campaigns/${marketing}/resume`).expect(409);
    expect(refused.body.detail).toContain('calidad del número de WhatsApp sigue en rojo');

    const utilityDone = await eventually(() => progressOf(utility), (progress) => progress.status === 'COMPLETED', 60_000, 200);
    expect(utilityDone).toMatchObject({ total: 40, sent: 40, failed: 0 });
    expect(sentWith(MARKETING)).toHaveLength(atPause);
    expect((await progressOf(marketing)).status).toBe('PAUSED');

    expect(await stack.fake.updateQuality(phoneNumberId, 'UPGRADE', { qualityRating: 'GREEN' })).toBe(200);
    await admin().post(`/campaigns/${marketing}/resume`).expect(200);
    const done = await eventually(() => progressOf(marketing), (progress) => progress.status === 'COMPLETED', 60_000, 200);
    expect(done).toMatchObject({ total: 40, sent: 40, failed: 0, statusReason: null });
    expect(Object.values(stack.fake.countByRecipient()).every((count) => count === 1)).toBe(true);
    expect(stack.fake.sent()).toHaveLength(80);
  }, 180_000);

  it('pauses a campaign whose template Meta pauses, and resumes it once Meta approves it again', async () => {
    await seedCampaignLeads(staff.tenant.id, 30, { prefix: '23', tag: 'plantilla-pausada' });
    const id = await launch('plantilla-pausada', UTILITY, 4);
    await eventually(() => sentWith(UTILITY).length, (sent) => sent >= 4, 30_000, 20);

    expect(await stack.fake.reviewTemplate(waba(), UTILITY, LANGUAGE, 'PAUSED', { reason: 'NONE' })).toBe(200);
    const paused = await eventually(() => progressOf(id), (progress) => progress.status === 'PAUSED', 10_000, 100);
    expect(paused).toMatchObject({ statusReason: 'template_paused', failed: 0 });
    await admin().post(`/campaigns/${id}/resume`).expect(409);

    expect(await stack.fake.reviewTemplate(waba(), UTILITY, LANGUAGE, 'APPROVED')).toBe(200);
    await admin().post(`/campaigns/${id}/resume`).expect(200);
    const done = await eventually(() => progressOf(id), (progress) => progress.status === 'COMPLETED', 30_000, 200);
    expect(done).toMatchObject({ total: 30, sent: 30, failed: 0 });
    expect(Object.values(stack.fake.countByRecipient()).every((count) => count === 1)).toBe(true);
  }, 90_000);

  it('records a marketing message Meta declines for the recipient (131049) as DECLINED, sends it once, and does not count it failed', async () => {
    await seedCampaignLeads(staff.tenant.id, 10, { prefix: '24', tag: 'tope-usuario' });
    const capped = '+5492400000003';
    stack.fake.capMarketing(capped);
    const id = await launch('tope-usuario', MARKETING, 10);
    await eventually(() => progressOf(id), (progress) => progress.status === 'COMPLETED', 30_000, 200);
    const [recipient] = await eventually(
      () => adminQuery<{ status: string; errorCode: string | null }>(`SELECT status, "errorCode" FROM "CampaignRecipient" WHERE "campaignId" = $1 AND phone = $2`, [id, capped]),
      (rows) => rows[0]?.status === 'DECLINED',
      10_000,
      50,
    );
    expect(recipient).toEqual({ status: 'DECLINED', errorCode: '131049' });
    expect(await progressOf(id)).toMatchObject({ total: 10, sent: 9, declined: 1, failed: 0, pending: 0 });
    await settle(1_000);
    expect(stack.fake.sentTo(capped.slice(1))).toHaveLength(1);
    expect(stack.fake.sent()).toHaveLength(10);
  }, 60_000);

  it('settles a send Graph refuses with 131049 as DECLINED, and sends one refused with 131056 in a later pass without slowing down', async () => {
    await seedCampaignLeads(staff.tenant.id, 6, { prefix: '26', tag: 'tope-envio' });
    stack.fake.failNext(1, { httpStatus: 400, code: 131049, message: 'This message was not delivered to maintain healthy ecosystem engagement.' });
    stack.fake.failNext(1, { httpStatus: 400, code: 131056, message: '(Business Account, Consumer Account) pair rate limit hit' });
    const id = await launch('tope-envio', MARKETING, 6);
    const done = await eventually(() => progressOf(id), (progress) => progress.status === 'COMPLETED', 30_000, 200);
    expect(done).toMatchObject({ total: 6, sent: 5, declined: 1, failed: 0, perSecond: 6 });
    const counts = Object.values(stack.fake.countByRecipient());
    expect(counts).toHaveLength(5);
    expect(counts.every((count) => count === 1)).toBe(true);
  }, 60_000);

  it('halves the rate when Meta answers 130429, and still sends every recipient once', async () => {
    await seedCampaignLeads(staff.tenant.id, 20, { prefix: '25', tag: 'caudal' });
    stack.fake.limitNextSends(2, 'throughput');
    const id = await launch('caudal', UTILITY, 8);
    const done = await eventually(() => progressOf(id), (progress) => progress.status === 'COMPLETED', 60_000, 200);
    expect(done).toMatchObject({ total: 20, sent: 20, failed: 0 });
    expect(done.perSecond).toBeLessThanOrEqual(4);
    const counts = Object.values(stack.fake.countByRecipient());
    expect(counts).toHaveLength(20);
    expect(counts.every((count) => count === 1)).toBe(true);
  }, 90_000);
});
