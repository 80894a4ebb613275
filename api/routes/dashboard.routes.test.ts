import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { dashboardSchema } from './dashboard.routes';

describe('dashboard figures', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Tablero');
  });
  afterAll(() => api.close());

  it('counts leads by origin, conversations waiting and past the SLA, and today’s messages, for the agency only', async () => {
    // The agency's clock at midday, so leads a few minutes old are today's at whatever hour the test runs.
    const hoursAhead = ((12 - new Date().getUTCHours() + 36) % 24) - 12;
    await adminQuery(`UPDATE "Tenant" SET "timeZone" = $2 WHERE id = $1`, [staff.tenant.id, `Etc/GMT${hoursAhead > 0 ? '-' : '+'}${Math.abs(hoursAhead)}`]);
    const other = await createStaffedTenant(api.db, 'Otra');
    for (const [tenantId, phone, origin, age] of [
      [staff.tenant.id, '+5491130000001', 'WHATSAPP', '1 minute'],
      [staff.tenant.id, '+5491130000002', 'WHATSAPP', '2 minutes'],
      [staff.tenant.id, '+5491130000003', 'META_ADS', '1 minute'],
      [staff.tenant.id, '+5491130000004', 'LANDING', '30 days'],
      [other.tenant.id, '+5491130000005', 'WHATSAPP', '1 minute'],
    ] as const) {
      await adminQuery(`INSERT INTO "Lead" (id, "tenantId", phone, origin, "createdAt", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3::"LeadOrigin", now() - $4::interval, now())`, [tenantId, phone, origin, age]);
    }
    const [lead] = await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1 AND phone = '+5491130000001'`, [staff.tenant.id]);
    await adminQuery(
      `INSERT INTO "Conversation" (id, "tenantId", "leadId", channel, contact, "botActive", "waitingSince", "updatedAt") VALUES
       (gen_random_uuid(), $1, $2, 'WHATSAPP_CLOUD', '+5491130000001', false, now() - interval '30 minutes', now())`,
      [staff.tenant.id, lead!.id],
    );
    await adminQuery(
      `INSERT INTO "Message" (id, "tenantId", "leadId", direction, type, channel, status, "updatedAt") VALUES
       (gen_random_uuid(), $1, $2, 'OUTBOUND', 'TEXT', 'WHATSAPP_CLOUD', 'DELIVERED', now()), (gen_random_uuid(), $1, $2, 'OUTBOUND', 'TEXT', 'WHATSAPP_CLOUD', 'FAILED', now())`,
      [staff.tenant.id, lead!.id],
    );

    const { body } = await request(api.app).get('/api/dashboard').set('Authorization', staff.agent.auth).expect(200);
    expect(() => dashboardSchema.strict().parse(body)).not.toThrow();
    expect(body.leads.today).toEqual({ WHATSAPP: 2, META_ADS: 1 });
    expect(body.conversations).toEqual({ open: 1, unassigned: 1, slaBreaches: 1 });
    expect(body.messagesToday).toEqual({ DELIVERED: 1, FAILED: 1 });
    expect(body.health).toMatchObject({ whatsapp: null, integrations: [], inbound: { unusual: false }, statuses: { stalled: false } });
  });
});
