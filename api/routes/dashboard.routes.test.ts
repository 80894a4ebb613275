import request from 'supertest';
import { adminQuery } from '../../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { dashboardSchema } from './dashboard.routes';

/** Puts the agency's clock at midday, so timestamps a few minutes or whole days old fall on a known local day at whatever hour the test runs. */
async function atMidday(tenantId: string): Promise<string> {
  const hoursAhead = ((12 - new Date().getUTCHours() + 36) % 24) - 12;
  const timeZone = `Etc/GMT${hoursAhead > 0 ? '-' : '+'}${Math.abs(hoursAhead)}`;
  await adminQuery(`UPDATE "Tenant" SET "timeZone" = $2 WHERE id = $1`, [tenantId, timeZone]);
  return timeZone;
}

const insertLead = async (tenantId: string, phone: string, origin: string, age: string, stage = 'NEW') =>
  (
    await adminQuery<{ id: string }>(
      `INSERT INTO "Lead" (id, "tenantId", phone, origin, stage, "createdAt", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3::"LeadOrigin", $4::"LeadStage", now() - $5::interval, now()) RETURNING id`,
      [tenantId, phone, origin, stage, age],
    )
  )[0]!.id;

/** A conversation opened `minutesAgo` with the contact's first message then, and the replies (sender null: the bot) after so many minutes. */
async function insertConversation(tenantId: string, leadId: string, contact: string, minutesAgo: number, replies: [sentById: string | null, afterMinutes: number][]) {
  const [conversation] = await adminQuery<{ id: string }>(
    `INSERT INTO "Conversation" (id, "tenantId", "leadId", channel, contact, "openedAt", "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'WHATSAPP_CLOUD', $3, now() - make_interval(mins => $4), now()) RETURNING id`,
    [tenantId, leadId, contact, minutesAgo],
  );
  for (const [direction, sentById, at] of [['INBOUND', null, minutesAgo], ...replies.map(([by, after]) => ['OUTBOUND', by, minutesAgo - after] as const)] as const) {
    await adminQuery(
      `INSERT INTO "Message" (id, "tenantId", "leadId", "conversationId", direction, type, channel, status, "sentById", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $4::"MessageDirection", 'TEXT', 'WHATSAPP_CLOUD', $5::"MessageStatus", $6, now() - make_interval(mins => $7), now())`,
      [tenantId, leadId, conversation!.id, direction, direction === 'INBOUND' ? 'RECEIVED' : 'SENT', sentById, at],
    );
  }
}

/** A campaign whose recipients went through sent, delivered, read and replied the given number of days ago (null: not yet). */
async function insertCampaign(tenantId: string, recipients: [leadId: string, phone: string, sent: number | null, delivered: number | null, read: number | null, replied: number | null][]) {
  const [campaign] = await adminQuery<{ id: string }>(
    `INSERT INTO "Campaign" (id, "tenantId", name, type, status, "updatedAt") VALUES (gen_random_uuid(), $1, 'Gráficos', 'OPORTUNIDADES', 'COMPLETED', now()) RETURNING id`,
    [tenantId],
  );
  for (const [seq, [leadId, phone, ...daysAgo]] of recipients.entries()) {
    const [sentAt, deliveredAt, readAt, repliedAt] = daysAgo.map((days) => (days === null ? null : new Date(Date.now() - days * 86_400_000 - 60_000)));
    await adminQuery(
      `INSERT INTO "CampaignRecipient" (id, "tenantId", "campaignId", "leadId", seq, phone, status, "sentAt", "deliveredAt", "readAt", "repliedAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'SENT', $6, $7, $8, $9, now())`,
      [tenantId, campaign!.id, leadId, seq, phone, sentAt, deliveredAt, readAt, repliedAt],
    );
  }
}

const total = (perDay: { counts: Record<string, number> }[]) => perDay.reduce((sum, { counts }) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0);

describe('dashboard figures', () => {
  let api: TestApi;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Tablero');
  });
  afterAll(() => api.close());

  it('counts leads by origin, conversations waiting and past the SLA, and today’s messages, for the agency only', async () => {
    await atMidday(staff.tenant.id);
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

  describe('charts', () => {
    let agency: Awaited<ReturnType<typeof createStaffedTenant>>;
    let today: string;

    beforeAll(async () => {
      agency = await createStaffedTenant(api.db, 'Gráficos');
      const timeZone = await atMidday(agency.tenant.id);
      today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
      const talked = await insertLead(agency.tenant.id, '+5491140000001', 'WHATSAPP', '1 minute');
      const visiting = await insertLead(agency.tenant.id, '+5491140000002', 'WHATSAPP', '2 minutes', 'QUALIFIED');
      const won = await insertLead(agency.tenant.id, '+5491140000003', 'META_ADS', '3 minutes', 'WON');
      const cancelled = await insertLead(agency.tenant.id, '+5491140000004', 'LANDING', '4 minutes');
      await insertLead(agency.tenant.id, '+5491140000005', 'LANDING', '2 days');
      const older = await insertLead(agency.tenant.id, '+5491140000006', 'MANUAL', '20 days');
      await insertLead(agency.tenant.id, '+5491140000007', 'MANUAL', '40 days');
      for (const [leadId, status] of [[visiting, 'SCHEDULED'], [cancelled, 'CANCELLED']] as const) {
        await adminQuery(`INSERT INTO "Visit" (id, "tenantId", "leadId", "scheduledAt", status, "updatedAt") VALUES (gen_random_uuid(), $1, $2, now() + interval '1 day', $3::"VisitStatus", now())`, [agency.tenant.id, leadId, status]);
      }
      await insertConversation(agency.tenant.id, talked, '+5491140000001', 60, [[null, 1], [agency.agent.id, 3]]);
      await insertConversation(agency.tenant.id, visiting, '+5491140000002', 50, [[agency.agent.id, 10], [agency.admin.id, 12]]);
      await insertConversation(agency.tenant.id, won, '+5491140000003', 30, [[agency.admin.id, 1]]);
      await insertConversation(agency.tenant.id, older, '+5491140000006', 9 * 24 * 60, [[agency.owner.id, 2]]);
      await insertCampaign(agency.tenant.id, [
        [talked, '+5491140000001', 3, 3, 0, 0],
        [visiting, '+5491140000002', 0, 0, null, null],
        [won, '+5491140000003', 20, 20, 0, null],
      ]);

      const other = await createStaffedTenant(api.db, 'Otra con gráficos');
      await atMidday(other.tenant.id);
      const foreign = await insertLead(other.tenant.id, '+5491140000009', 'WHATSAPP', '1 minute', 'WON');
      await adminQuery(`INSERT INTO "Visit" (id, "tenantId", "leadId", "scheduledAt", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now(), now())`, [other.tenant.id, foreign]);
      await insertConversation(other.tenant.id, foreign, '+5491140000009', 20, [[other.agent.id, 2]]);
      await insertCampaign(other.tenant.id, [[foreign, '+5491140000009', 0, 0, 0, 0]]);
    });

    const charts = async (query = '') => {
      const { body } = await request(api.app).get(`/api/dashboard${query}`).set('Authorization', agency.agent.auth).expect(200);
      expect(() => dashboardSchema.strict().parse(body)).not.toThrow();
      return body.charts;
    };

    it('draws new leads per day by origin over the last 14 days, or 30 on request, every day listed and today last', async () => {
      const twoWeeks = (await charts()).leadsPerDay;
      expect(twoWeeks.days).toBe(14);
      expect(twoWeeks.perDay).toHaveLength(14);
      expect(twoWeeks.perDay.at(-1)).toEqual({ day: today, counts: { WHATSAPP: 2, META_ADS: 1, LANDING: 1 } });
      expect(twoWeeks.perDay.at(-3).counts).toEqual({ LANDING: 1 });
      expect(total(twoWeeks.perDay)).toBe(5);

      const month = (await charts('?days=30')).leadsPerDay;
      expect(month.perDay).toHaveLength(30);
      expect(month.perDay.at(-21).counts).toEqual({ MANUAL: 1 });
      expect(total(month.perDay)).toBe(6);
    });

    it('follows the same leads through conversation, visit and a closed deal, each step within the one before', async () => {
      expect((await charts()).funnel).toEqual({ days: 14, leads: 5, conversation: 3, visit: 2, closed: 1 });
      expect((await charts('?days=30')).funnel).toEqual({ days: 30, leads: 6, conversation: 4, visit: 2, closed: 1 });
    });

    it('measures each agent’s first human answer over the last 7 days against the SLA, the bot’s messages aside; an agent sees their own row and the team’s', async () => {
      const team = { answered: 3, medianMinutes: 3, withinSla: 2 };
      const adminView = await request(api.app).get('/api/dashboard').set('Authorization', agency.admin.auth).expect(200);
      expect(adminView.body.charts.firstResponse).toEqual({
        days: 7,
        slaMinutes: 5,
        agents: [
          { agentId: agency.admin.id, name: agency.admin.name, answered: 1, medianMinutes: 1, withinSla: 1 },
          { agentId: agency.agent.id, name: agency.agent.name, answered: 2, medianMinutes: 6.5, withinSla: 1 },
        ],
        team,
      });
      expect((await charts()).firstResponse).toEqual({
        days: 7,
        slaMinutes: 5,
        agents: [{ agentId: agency.agent.id, name: agency.agent.name, answered: 2, medianMinutes: 6.5, withinSla: 1 }],
        team,
      });
    });

    it('counts campaign messages sent, delivered, read and replied to on the day each happened, over the last 14 days', async () => {
      const results = (await charts()).campaignResults;
      expect(results.days).toBe(14);
      expect(results.perDay).toHaveLength(14);
      expect(results.perDay.at(-1)).toEqual({ day: today, sent: 1, delivered: 1, read: 2, replied: 1 });
      expect(results.perDay.at(-4)).toMatchObject({ sent: 1, delivered: 1, read: 0, replied: 0 });
      const sum = (kind: 'sent' | 'delivered' | 'read' | 'replied') => results.perDay.reduce((n: number, day: Record<string, number>) => n + day[kind]!, 0);
      expect([sum('sent'), sum('delivered'), sum('read'), sum('replied')]).toEqual([2, 2, 2, 1]);
    });

    it('refuses a window other than 14 or 30 days', async () => {
      const { body } = await request(api.app).get('/api/dashboard?days=7').set('Authorization', agency.agent.auth).expect(400);
      expect(body.type).toBeDefined();
    });
  });
});
