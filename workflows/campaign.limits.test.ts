import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { seedCampaignLeads } from '../testing/campaign-harness';
import { eventually } from '../testing/eventually';
import { configureWhatsAppChannel, startWhatsAppStack } from '../testing/whatsapp-harness';
import { campaignProgressQuery } from './campaign.contract';

const APP_SECRET = 'astor-development-app-secret';
/** Meta's 24 h rolling window, shortened so the test sees it roll. */
const WINDOW_S = 15;
const DAY_MS = 86_400_000;

type Staff = Awaited<ReturnType<typeof createStaffedTenant>>;
interface Progress {
  status: string;
  capacityUntil: string | null;
  total: number;
  sent: number;
  skipped: number;
  pending: number;
}

describe("campaigns within WhatsApp's limits: messaging limit, admin cap, marketing frequency cap and pair rate", () => {
  let api: TestApi;
  let limited: Staff;
  let agency: Staff;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;

  beforeAll(async () => {
    api = await startTestApi({ env: { MESSAGING_LIMIT_WINDOW_SECONDS: String(WINDOW_S) } });
    limited = await createStaffedTenant(api.db, 'Limite');
    agency = await createStaffedTenant(api.db, 'Frecuencia');
    const numbers = [await configureWhatsAppChannel(api.db, limited.tenant.id, APP_SECRET), await configureWhatsAppChannel(api.db, agency.tenant.id, APP_SECRET)];
    await adminQuery(`UPDATE "WhatsAppChannel" SET "messagingLimitTier" = 'TIER_50' WHERE "tenantId" = $1`, [limited.tenant.id]);
    await adminQuery(
      `INSERT INTO "WhatsAppTemplate" (id, "tenantId", name, language, category, status, "updatedAt")
       VALUES (gen_random_uuid(), $1, 'promo_mensual', 'es_AR', 'MARKETING', 'APPROVED', now()), (gen_random_uuid(), $1, 'aviso_util', 'es_AR', 'UTILITY', 'APPROVED', now())`,
      [agency.tenant.id],
    );
    stack = await startWhatsAppStack(api, numbers, { statuses: [] });
  });
  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  const as = (staff: Staff) => ({
    post: (path: string, body: object = {}) => request(api.app).post(`/api${path}`).set('Authorization', staff.admin.auth).send(body),
    patch: (path: string, body: object) => request(api.app).patch(`/api${path}`).set('Authorization', staff.owner.auth).send(body),
    get: (path: string) => request(api.app).get(`/api${path}`).set('Authorization', staff.admin.auth),
  });

  async function launch(staff: Staff, tag: string, content: object, extra: object = {}): Promise<{ id: string; workflowId: string }> {
    const created = await as(staff).post('/campaigns', { name: `Campaña ${tag}`, type: 'OPORTUNIDADES', audience: { tags: [tag] }, content, ...extra }).expect(201);
    const launched = await as(staff).post(`/campaigns/${created.body.id}/launch`).expect(202);
    return { id: created.body.id as string, workflowId: launched.body.workflowId as string };
  }

  const progressOf = async (staff: Staff, id: string) => (await as(staff).get(`/campaigns/${id}/progress`).expect(200)).body as Progress;
  const completed = (staff: Staff, id: string, timeoutMs = 90_000) => eventually(() => progressOf(staff, id), (progress) => progress.status === 'COMPLETED', timeoutMs, 500);

  async function leadsTagged(tenantId: string, tag: string): Promise<string[]> {
    const rows = await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1 AND $2 = ANY(tags) ORDER BY "createdAt", id`, [tenantId, tag]);
    return rows.map((row) => row.id);
  }

  /** Of the sends of these campaigns, the widest rolling window: the distinct leads the agency's counted templates reached in the WINDOW_S seconds up to one. */
  async function widestWindow(tenantId: string, ...campaignIds: string[]): Promise<{ users: number; first: Date; last: Date }> {
    const [widest] = await adminQuery<{ users: number; first: Date; last: Date }>(
      `SELECT max(w.users)::int AS users, min(w."sentAt") AS first, max(w."sentAt") AS last FROM (
         SELECT m."sentAt", (SELECT count(DISTINCT o."leadId") FROM "Message" o
                             WHERE o."tenantId" = m."tenantId" AND o.type = 'TEMPLATE' AND o.direction = 'OUTBOUND'
                               AND o."sentAt" > m."sentAt" - make_interval(secs => $2) AND o."sentAt" <= m."sentAt") AS users
         FROM "Message" m WHERE m."tenantId" = $1 AND m.type = 'TEMPLATE' AND m.direction = 'OUTBOUND' AND m."campaignId" = ANY($3::uuid[])) w`,
      [tenantId, WINDOW_S, campaignIds],
    );
    return widest!;
  }

  /** An outbound message the lead got before the campaign; answers when it was sent. */
  async function sentBefore(tenantId: string, leadId: string, message: { agoMs: number; template?: string; type?: string; status?: string }): Promise<number> {
    const at = new Date(Date.now() - message.agoMs);
    const content = message.template ? { kind: 'template', name: message.template, language: 'es_AR' } : { kind: 'text', body: 'Hola' };
    await adminQuery(
      `INSERT INTO "Message" (id, "tenantId", "leadId", direction, type, channel, content, "providerMessageId", status, "sentAt", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'OUTBOUND', $3, 'WHATSAPP_CLOUD', $4, $5, $6, $7, $7, now())`,
      [tenantId, leadId, message.type ?? (message.template ? 'TEMPLATE' : 'TEXT'), JSON.stringify(content), `wamid.${randomUUID()}`, message.status ?? 'DELIVERED', at],
    );
    return at.getTime();
  }

  it('spreads a campaign over the windows a tier-50 limit allows, never reaching more than 50 users in any rolling window', async () => {
    await seedCampaignLeads(limited.tenant.id, 120, { prefix: '31', tag: 'tier-50' });
    const { id, workflowId } = await launch(limited, 'tier-50', { kind: 'template', name: 'oferta_semana', language: 'es_AR', variables: ['{{agency.name}}'] });

    const handle = api.temporal.workflow.getHandle(workflowId);
    const waiting = await eventually(() => handle.query(campaignProgressQuery), (progress) => progress.capacityUntil !== undefined, 30_000, 100);
    // A send the pacer had no slot for waits for a later pass too, its user counted already.
    expect(waiting.sent).toBeLessThanOrEqual(50);
    expect(Date.parse(waiting.capacityUntil!) - Date.now()).toBeLessThanOrEqual(WINDOW_S * 1_000);
    // The monitor reads the wait from the API's progress.
    expect((await eventually(() => progressOf(limited, id), (progress) => progress.capacityUntil !== null, 10_000, 100)).capacityUntil).toEqual(expect.any(String));

    expect(await completed(limited, id, 120_000)).toMatchObject({ total: 120, sent: 120, pending: 0 });
    expect(Object.values(stack.fake.countByRecipient()).filter((count) => count !== 1)).toEqual([]);

    const widest = await widestWindow(limited.tenant.id, id);
    expect(widest.users).toBeLessThanOrEqual(50);
    // 50, 50 and 20 users: the third group starts two full windows after the first.
    expect(widest.last.getTime() - widest.first.getTime()).toBeGreaterThanOrEqual(2 * WINDOW_S * 1_000);
  }, 180_000);

  it('keeps two campaigns of one agency, sending at once a chunk at a time, within the tier of 50 together', async () => {
    await seedCampaignLeads(limited.tenant.id, 30, { prefix: '34', tag: 'pareja-a' });
    await seedCampaignLeads(limited.tenant.id, 30, { prefix: '35', tag: 'pareja-b' });
    const content = { kind: 'template', name: 'oferta_semana', language: 'es_AR', variables: ['{{agency.name}}'] };
    // Five a second: each campaign claims chunks of five, far fewer than the capacity its count leaves.
    const campaigns = await Promise.all(['pareja-a', 'pareja-b'].map((tag) => launch(limited, tag, content, { throttlePerSecond: 5 })));
    for (const { id } of campaigns) expect(await completed(limited, id, 120_000)).toMatchObject({ sent: 30, pending: 0 });

    expect((await widestWindow(limited.tenant.id, ...campaigns.map((campaign) => campaign.id))).users).toBeLessThanOrEqual(50);
  }, 180_000);

  it('takes at most the admin cap of recipients, the first of the audience in its order', async () => {
    await seedCampaignLeads(agency.tenant.id, 30, { prefix: '32', tag: 'tope' });
    const content = { kind: 'template', name: 'aviso_util', language: 'es_AR', variables: ['{{agency.name}}'] };
    const draft = { name: 'Tope', type: 'OPORTUNIDADES', audience: { tags: ['tope'] }, content };
    await as(agency).post('/campaigns', { ...draft, maxRecipients: 0 }).expect(400);
    await as(agency).post('/campaigns', { ...draft, maxRecipients: 2.5 }).expect(400);
    const created = await as(agency).post('/campaigns', { ...draft, maxRecipients: 5 }).expect(201);
    expect(created.body.maxRecipients).toBe(5);
    expect((await as(agency).patch(`/campaigns/${created.body.id}`, { maxRecipients: null }).expect(200)).body.maxRecipients).toBeNull();
    expect((await as(agency).patch(`/campaigns/${created.body.id}`, { maxRecipients: 12 }).expect(200)).body.maxRecipients).toBe(12);

    await as(agency).post(`/campaigns/${created.body.id}/launch`).expect(202);
    expect(await completed(agency, created.body.id as string)).toMatchObject({ total: 12, sent: 12, pending: 0 });
    const recipients = await adminQuery<{ leadId: string }>(`SELECT "leadId" FROM "CampaignRecipient" WHERE "campaignId" = $1 ORDER BY seq`, [created.body.id]);
    expect(recipients.map((recipient) => recipient.leadId)).toEqual((await leadsTagged(agency.tenant.id, 'tope')).slice(0, 12));
  }, 120_000);

  it("skips, saying why, exactly the leads a marketing campaign would take over the agency's frequency cap", async () => {
    await as(agency).patch('/tenant', { settings: { marketingCap: { messages: 0, days: 7 } } }).expect(400);
    const { body: tenant } = await as(agency).patch('/tenant', { settings: { marketingCap: { messages: 2, days: 7 } } }).expect(200);
    expect(tenant.settings.marketingCap).toEqual({ messages: 2, days: 7 });

    await seedCampaignLeads(agency.tenant.id, 6, { prefix: '33', tag: 'frecuencia' });
    const [atCap, marketingAndUtility, oneTooOld, oneFailed, overCap, fresh] = await leadsTagged(agency.tenant.id, 'frecuencia');
    const days = (n: number) => n * DAY_MS;
    for (const agoMs of [days(1), days(3)]) await sentBefore(agency.tenant.id, atCap!, { agoMs, template: 'promo_mensual' });
    await sentBefore(agency.tenant.id, marketingAndUtility!, { agoMs: days(1), template: 'promo_mensual' });
    await sentBefore(agency.tenant.id, marketingAndUtility!, { agoMs: days(2), template: 'aviso_util' });
    await sentBefore(agency.tenant.id, oneTooOld!, { agoMs: days(1), template: 'promo_mensual' });
    await sentBefore(agency.tenant.id, oneTooOld!, { agoMs: days(8), template: 'promo_mensual' });
    await sentBefore(agency.tenant.id, oneFailed!, { agoMs: days(1), template: 'promo_mensual' });
    await sentBefore(agency.tenant.id, oneFailed!, { agoMs: days(2), template: 'promo_mensual', status: 'FAILED' });
    for (const agoMs of [days(1), days(2), days(4)]) await sentBefore(agency.tenant.id, overCap!, { agoMs, template: 'promo_mensual' });

    const content = { kind: 'template', name: 'promo_mensual', language: 'es_AR', variables: ['{{agency.name}}'] };
    const { body: preview } = await as(agency).post('/campaigns/audience-preview', { audience: { tags: ['frecuencia'] }, content }).expect(200);
    expect(preview.reach).toEqual({ reached: 4, skipped: [{ reason: 'frequency_cap', count: 2, description: "The lead already got the agency's maximum of 2 marketing messages in 7 days" }] });

    const { id } = await launch(agency, 'frecuencia', content);
    expect(await completed(agency, id)).toMatchObject({ total: 6, sent: 4, skipped: 2, pending: 0 });

    const { body: skipped } = await as(agency).get(`/campaigns/${id}/recipients?status=SKIPPED`).expect(200);
    expect(skipped.items.map((recipient: { leadId: string }) => recipient.leadId).sort()).toEqual([atCap, overCap].sort());
    for (const recipient of skipped.items) {
      expect(recipient).toMatchObject({ errorCode: 'frequency_cap', errorMessage: "The lead already got the agency's maximum of 2 marketing messages in 7 days" });
    }
    const { body: sent } = await as(agency).get(`/campaigns/${id}/recipients?status=SENT`).expect(200);
    expect(sent.items.map((recipient: { leadId: string }) => recipient.leadId).sort()).toEqual([marketingAndUtility, oneTooOld, oneFailed, fresh].sort());
  }, 120_000);

  it('puts off a lead messaged a second ago, and sends it in a later pass, 6 s or more after', async () => {
    await seedCampaignLeads(agency.tenant.id, 3, { prefix: '34', tag: 'par' });
    const [justMessaged, ...others] = await leadsTagged(agency.tenant.id, 'par');
    const earlier = await sentBefore(agency.tenant.id, justMessaged!, { agoMs: 1_000 });
    const { id } = await launch(agency, 'par', { kind: 'template', name: 'aviso_util', language: 'es_AR', variables: ['{{agency.name}}'] });
    expect(await completed(agency, id)).toMatchObject({ total: 3, sent: 3, pending: 0 });

    // Claimed when a batch decided to send it: the others in the first pass, the lead put off in a later one.
    const rows = await adminQuery<{ leadId: string; createdAt: Date; sentAt: Date }>(`SELECT "leadId", "createdAt", "sentAt" FROM "Message" WHERE "campaignId" = $1`, [id]);
    const claimedAt = new Map(rows.map((row) => [row.leadId, row.createdAt.getTime()]));
    const putOff = rows.find((row) => row.leadId === justMessaged)!;
    expect(putOff.createdAt.getTime() - earlier).toBeGreaterThanOrEqual(6_000);
    expect(putOff.sentAt.getTime() - earlier).toBeGreaterThanOrEqual(6_000);
    for (const lead of others) expect(putOff.createdAt.getTime() - claimedAt.get(lead!)!).toBeGreaterThan(3_000);
  }, 120_000);
});
