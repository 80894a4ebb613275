import { ScheduleNotFoundError } from '@temporalio/client';
import request from 'supertest';
import { workflowIds } from '../domain/temporal-contracts';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { seedCampaignLeads } from '../testing/campaign-harness';
import { eventually } from '../testing/eventually';
import { startLimitedNumberAgency, type startWhatsAppStack } from '../testing/whatsapp-harness';

const NUMBER_LIMIT = 20;
const PER_CAMPAIGN = 40;

describe('campaign scheduling: a shared sending number and recurring runs', () => {
  let api: TestApi;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    ({ staff, stack } = await startLimitedNumberAgency(api, 'Número compartido', NUMBER_LIMIT));
  });
  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  const admin = (path: string, body: object = {}) => request(api.app).post(`/api${path}`).set('Authorization', staff.admin.auth).send(body);
  const get = (path: string) => request(api.app).get(`/api${path}`).set('Authorization', staff.admin.auth);

  // The pacing rule itself (windows that never overlap, slots within the number's limit in every second)
  // is proven on the pacer's and the booking's own decisions in activities/campaign/*.test.ts.
  it('sends every recipient of two campaigns sharing one number exactly once, having booked the number for every send', async () => {
    const ids: string[] = [];
    for (const tag of ['primera', 'segunda']) {
      await seedCampaignLeads(staff.tenant.id, PER_CAMPAIGN, { prefix: tag === 'primera' ? '1131' : '1132', tag });
      const { body } = await admin('/campaigns', { name: tag, type: 'OPORTUNIDADES', audience: { tags: [tag] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] } }).expect(201);
      ids.push(body.id);
    }
    const launchedAt = Date.now();
    await Promise.all(ids.map((id) => admin(`/campaigns/${id}/launch`).expect(202)));
    const statuses = async () => adminQuery<{ status: string }>(`SELECT status FROM "Campaign" WHERE id = ANY($1::uuid[])`, [ids]);
    // 4 s of sends at the number's pace; the bound only catches a campaign that stalls (a loaded CI machine runs far slower).
    await eventually(statuses, (rows) => rows.every((row) => row.status === 'COMPLETED'), 75_000, 200);

    const sent = stack.fake.sent();
    expect(sent).toHaveLength(2 * PER_CAMPAIGN);
    expect(new Set(sent.map((message) => message.to)).size).toBe(2 * PER_CAMPAIGN);
    const recipients = await adminQuery<{ status: string; count: string }>(`SELECT status, count(*) FROM "CampaignRecipient" WHERE "campaignId" = ANY($1::uuid[]) GROUP BY status`, [ids]);
    expect(recipients).toEqual([{ status: 'SENT', count: String(2 * PER_CAMPAIGN) }]);
    // Windows never overlap and none starts before launch: together they reach at least this far.
    const [channel] = await adminQuery<{ end: string }>(`SELECT (extract(epoch FROM "sendWindowEnd") * 1000)::bigint AS end FROM "WhatsAppChannel" WHERE "tenantId" = $1`, [staff.tenant.id]);
    expect(Number(channel!.end)).toBeGreaterThanOrEqual(launchedAt + (2 * PER_CAMPAIGN * 1000) / NUMBER_LIMIT);
  }, 100_000);

  it('runs a recurring campaign from a Temporal Schedule in the agency’s time zone, each run with the audience taken anew', async () => {
    await seedCampaignLeads(staff.tenant.id, 5, { prefix: '1133', tag: 'semanal' });
    const schedule = { kind: 'recurring', frequency: 'weekly', daysOfWeek: ['MONDAY', 'THURSDAY'], time: '09:30' };
    const { body: campaign } = await admin('/campaigns', { name: 'Oportunidades de la semana', type: 'OPORTUNIDADES', audience: { tags: ['semanal'] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] }, schedule }).expect(201);
    await admin(`/campaigns/${campaign.id}/launch`).expect(202);

    const handle = api.temporal.schedule.getHandle(workflowIds.campaignSchedule(staff.tenant.id, campaign.id));
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('America/Argentina/Buenos_Aires');
    const next = described.info.nextActionTimes[0]!;
    expect(next.getUTCHours() * 60 + next.getUTCMinutes()).toBe(12 * 60 + 30);
    expect([1, 4]).toContain(next.getUTCDay());

    const runs = async () => (await get(`/campaigns?parentId=${campaign.id}`).expect(200)).body.items as { id: string; status: string; name: string }[];
    await admin(`/campaigns/${campaign.id}/run-now`).expect(202);
    await eventually(runs, (items) => items.length === 1 && items[0]!.status === 'COMPLETED', 30_000, 200);
    await seedCampaignLeads(staff.tenant.id, 2, { prefix: '1134', tag: 'semanal' });
    await admin(`/campaigns/${campaign.id}/run-now`).expect(202);
    const both = await eventually(runs, (items) => items.length === 2 && items.every((item) => item.status === 'COMPLETED'), 30_000, 200);
    expect(both[0]!.name).toMatch(/^Oportunidades de la semana · \d{2}\/\d{2}\/\d{4}$/);
    const { body: report } = await get(`/campaigns/${campaign.id}/report`).expect(200);
    expect(report).toMatchObject({ status: 'SCHEDULED', total: 12, sent: 12 });

    await request(api.app).put(`/api/campaigns/${campaign.id}/throttle`).set('Authorization', staff.admin.auth).send({ perSecond: 2 }).expect(200);
    await admin(`/campaigns/${campaign.id}/run-now`).expect(202);
    const third = await eventually(runs, (items) => items.length === 3 && items[0]!.status === 'RUNNING', 30_000, 100);
    await admin(`/campaigns/${campaign.id}/pause`).expect(200);
    expect((await handle.describe()).state.paused).toBe(true);
    expect((await runs()).find((run) => run.id === third[0]!.id)!.status).toBe('PAUSED');
    await admin(`/campaigns/${campaign.id}/run-now`).expect(409);
    await admin(`/campaigns/${campaign.id}/resume`).expect(200);
    expect((await handle.describe()).state.paused).toBe(false);
    await eventually(runs, (items) => items.every((item) => item.status === 'COMPLETED'), 30_000, 200);
    const { body: cancelled } = await admin(`/campaigns/${campaign.id}/cancel`).expect(200);
    expect(cancelled.status).toBe('CANCELLED');
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  }, 90_000);
});
