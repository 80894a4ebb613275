import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { qualityUpdateBody } from '../../integrations/whatsapp-cloud/testing/fake-webhooks';
import type { Channel, MessageDirection, MessageStatus, MessageType } from '../../prisma/generated/enums';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { listenOnLoopback } from '../../testing/whatsapp-harness';
import { eventually } from '../../testing/eventually';

const TOKEN = 'EAAGm0PX4ZCpsBAKZBx9FzTCAPACITY0001';
const APP_SECRET = 'capacity-webhook-app-secret';
const WABA = String(100_000_000_000 + Math.floor(Math.random() * 1e9));
const phoneNumberId = String(1_000_000_000 + Math.floor(Math.random() * 1e8));
const HOUR_MS = 3_600_000;
const TAG = 'capacidad';

type Enum<T> = T[keyof T];
interface Seeded {
  direction: Enum<typeof MessageDirection>;
  type?: Enum<typeof MessageType>;
  channel?: Enum<typeof Channel>;
  status?: Enum<typeof MessageStatus>;
  hoursAgo: number;
}

describe("WhatsApp messaging limit: Meta's tier and the unique users business-initiated messages reached", () => {
  let api: TestApi;
  let fake: FakeWhatsAppCloud;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let other: Awaited<ReturnType<typeof createStaffedTenant>>;
  const capacity = (auth: string) => request(api.app).get('/api/channels/whatsapp/capacity').set('Authorization', auth);

  /** A lead of the agency with its message history, each message `hoursAgo` before now. */
  async function leadWith(messages: Seeded[], tags: string[] = []) {
    return api.db.inTenant(staff.tenant.id, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId: staff.tenant.id, phone: `+549116${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, tags } });
      for (const message of messages) {
        const at = new Date(Date.now() - message.hoursAgo * HOUR_MS);
        await tx.message.create({
          data: {
            tenantId: staff.tenant.id,
            leadId: lead.id,
            direction: message.direction,
            type: message.type ?? 'TEMPLATE',
            channel: message.channel ?? 'WHATSAPP_CLOUD',
            status: message.status ?? (message.direction === 'INBOUND' ? 'RECEIVED' : 'DELIVERED'),
            providerMessageId: `wamid.${randomUUID()}`,
            sentAt: at,
            createdAt: at,
          },
        });
      }
      return lead;
    });
  }

  beforeAll(async () => {
    fake = await startFakeWhatsAppCloud({
      numbers: [{ phoneNumberId, accessToken: TOKEN, displayPhoneNumber: '+54 11 4000-7777', appSecret: APP_SECRET, wabaId: WABA, messagingLimitTier: 'TIER_250', qualityRating: 'YELLOW' }],
      statuses: [],
    });
    api = await startTestApi({ env: { WHATSAPP_GRAPH_URL: fake.baseUrl, WHATSAPP_APP_SECRET: APP_SECRET } });
    server = await listenOnLoopback(api.app);
    fake.setWebhookUrl(phoneNumberId, `${server.baseUrl}/webhooks/whatsapp`);
    staff = await createStaffedTenant(api.db, 'Capacity');
    other = await createStaffedTenant(api.db, 'Capacity elsewhere');
    await request(api.app).put('/api/channels/whatsapp').set('Authorization', staff.admin.auth).send({ apiType: 'BUSINESS_API', phoneNumberId, businessAccountId: WABA, accessToken: TOKEN }).expect(200);

    const outbound = (hoursAgo: number, extra: Partial<Seeded> = {}): Seeded => ({ direction: 'OUTBOUND', hoursAgo, ...extra });
    const inbound = (hoursAgo: number): Seeded => ({ direction: 'INBOUND', type: 'TEXT', hoursAgo });
    await leadWith([outbound(2), outbound(1)], [TAG]); // reached twice by campaigns: one user
    await leadWith([inbound(5), outbound(3)], [TAG]); // a template inside the service window: a reply
    await leadWith([inbound(30), outbound(2)]); // the window had closed: business-initiated
    await leadWith([outbound(25)]); // outside the rolling 24 h
    await leadWith([outbound(1, { status: 'FAILED' })]); // Meta did not deliver it
    await leadWith([outbound(1, { type: 'TEXT' })]); // free-form text is never business-initiated
    await leadWith([outbound(1, { channel: 'WHATSAPP_WEB' })]); // not the Business API
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    server.close();
    await fake.stop();
    await api.close();
  });

  it('reads the tier and the quality from Graph on the connection test, and counts each reached user once, replies in the window never', async () => {
    const { body: probe } = await request(api.app).post('/api/channels/whatsapp/test').set('Authorization', staff.admin.auth).send({}).expect(200);
    expect(probe).toMatchObject({ ok: true, qualityRating: 'YELLOW', messagingLimitTier: 'TIER_250' });

    const { body } = await capacity(staff.owner.auth).expect(200);
    expect(body).toEqual({ tier: 'TIER_250', limit: 250, usedLast24h: 2, remaining: 248, qualityRating: 'YELLOW', qualityEvent: null, updatedAt: expect.any(String) });
  });

  it("follows Meta's phone_number_quality_update webhook, and an older delivery arriving late changes nothing", async () => {
    expect(await fake.updateQuality(phoneNumberId, 'DOWNGRADE', { tier: 'TIER_50' })).toBe(200);
    const { body } = await eventually(
      () => capacity(staff.admin.auth),
      (response) => response.body.tier === 'TIER_50',
    );
    expect(body).toMatchObject({ tier: 'TIER_50', limit: 50, usedLast24h: 2, remaining: 48, qualityEvent: 'DOWNGRADE' });

    const stale = qualityUpdateBody({ phoneNumberId, displayPhoneNumber: '+54 11 4000-7777', wabaId: WABA }, 'UPGRADE', { tier: 'TIER_UNLIMITED', oldTier: 'TIER_50' });
    stale.entry[0]!.time -= 3_600;
    expect(await fake.deliverRaw(phoneNumberId, stale)).toBe(200);
    expect((await capacity(staff.admin.auth).expect(200)).body).toMatchObject({ tier: 'TIER_50', qualityEvent: 'DOWNGRADE' });
  });

  it('says how many of an audience fit in what remains today: users already reached or in their window take nothing', async () => {
    await api.db.inTenant(staff.tenant.id, (tx) =>
      tx.lead.createMany({ data: Array.from({ length: 58 }, (_, index) => ({ tenantId: staff.tenant.id, phone: `+5491177${String(index).padStart(6, '0')}`, tags: [TAG] })) }),
    );
    const { body } = await request(api.app).post('/api/campaigns/audience-preview').set('Authorization', staff.admin.auth).send({ audience: { tags: [TAG] } }).expect(200);
    // 60 leads: 2 take no capacity (one reached already, one inside its window), 48 of the others fit.
    expect(body).toMatchObject({ count: 60, fitsToday: 50 });
  });

  it('forgets the tier and the quality when another number is connected, until its connection test reads them', async () => {
    await request(api.app).put('/api/channels/whatsapp').set('Authorization', staff.admin.auth).send({ phoneNumberId, businessAccountId: WABA }).expect(200);
    expect((await capacity(staff.admin.auth).expect(200)).body).toMatchObject({ tier: 'TIER_50', qualityRating: 'YELLOW' });
    await request(api.app).put('/api/channels/whatsapp').set('Authorization', staff.admin.auth).send({ phoneNumberId: '5550001112', businessAccountId: WABA }).expect(200);
    expect((await capacity(staff.admin.auth).expect(200)).body).toMatchObject({ tier: null, limit: 250, qualityRating: null, qualityEvent: null, updatedAt: null, usedLast24h: 2 });
  });

  it('shows another agency only its own figures', async () => {
    const { body } = await capacity(other.owner.auth).expect(200);
    expect(body).toEqual({ tier: null, limit: 250, usedLast24h: 0, remaining: 250, qualityRating: null, qualityEvent: null, updatedAt: null });
    await capacity(staff.agent.auth).expect(403);
  });
});
