import { ApplicationFailure } from '@temporalio/common';
import request from 'supertest';
import { adminQuery } from '../testing/harness';
import { createStaffedTenant, startTestApi, type TestApi } from '../testing/api-harness';
import { seedCampaignLeads } from '../testing/campaign-harness';
import { eventually } from '../testing/eventually';
import { workerDeps } from '../testing/harness';
import { startLimitedNumberAgency, type startWhatsAppStack } from '../testing/whatsapp-harness';
import { peakPerSecond } from './campaign/testing/peak-per-second';
import { createMessagingActivities } from './messaging.activities';

const NUMBER_LIMIT = 10;
const CAMPAIGN_SENDS = 30;
const SINGLE_SENDS = 30;
/**
 * The pacer spaces send starts; the fake counts arrivals, and on a loaded machine the way from a slot to
 * the fake's handler varies by tens of milliseconds (a loaded CI run once saw 11 arrive within a second).
 * Counting arrivals over 1,000 ms less this allowance checks the schedule and tolerates that jitter; the
 * pacer this one replaced let 30 through.
 */
const TRANSIT_ALLOWANCE_MS = 80;

describe('a number’s throughput, shared by a campaign and single sends', () => {
  let api: TestApi;
  let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;

  beforeAll(async () => {
    api = await startTestApi();
    ({ staff, stack } = await startLimitedNumberAgency(api, 'Un número, muchos envíos', NUMBER_LIMIT));
  });
  afterAll(async () => {
    await stack.stop();
    await api.close();
  });

  it('never lets the provider see more than the number’s limit in any second, and sends everything once', async () => {
    const tenantId = staff.tenant.id;
    await seedCampaignLeads(tenantId, CAMPAIGN_SENDS, { prefix: '1141', tag: 'ritmo' });
    await seedCampaignLeads(tenantId, SINGLE_SENDS, { prefix: '1142', tag: 'respuestas' });
    const replies = await adminQuery<{ id: string; phone: string }>(`SELECT id, phone FROM "Lead" WHERE "tenantId" = $1 AND 'respuestas' = ANY(tags)`, [tenantId]);
    const { body: campaign } = await request(api.app).post('/api/campaigns').set('Authorization', staff.admin.auth)
      .send({ name: 'Ritmo', type: 'OPORTUNIDADES', audience: { tags: ['ritmo'] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] } })
      .expect(201);
    await request(api.app).post(`/api/campaigns/${campaign.id}/launch`).set('Authorization', staff.admin.auth).expect(202);
    // Agent replies and automations arrive all at once while the campaign is sending.
    await eventually(() => stack.fake.sent().length, (count) => count > 0, 30_000, 20);
    const { sendMessage } = createMessagingActivities(workerDeps(api.db, api.temporal, 'unused', { graphUrl: stack.fake.baseUrl }));
    // A send that a busy process could not give a slot is retried, as Temporal retries the activity.
    const send = async (input: Parameters<typeof sendMessage>[0]): ReturnType<typeof sendMessage> => {
      for (;;) {
        try {
          return await sendMessage(input);
        } catch (error) {
          if (!(error instanceof ApplicationFailure) || error.type !== 'NoSendSlot') throw error;
        }
      }
    };
    const results = await Promise.all(replies.map((lead) => send({ tenantId, leadId: lead.id, to: lead.phone, content: { kind: 'text', body: 'Enseguida le respondo' }, idempotencyKey: `reply:${lead.id}` })));
    expect(results.every((result) => result.status === 'SENT')).toBe(true);
    const status = async () => (await adminQuery<{ status: string }>(`SELECT status FROM "Campaign" WHERE id = $1`, [campaign.id]))[0]!.status;
    await eventually(status, (value) => value === 'COMPLETED', 60_000, 200);

    const sent = stack.fake.sent();
    expect(sent).toHaveLength(CAMPAIGN_SENDS + SINGLE_SENDS);
    expect(new Set(sent.map((message) => message.to)).size).toBe(CAMPAIGN_SENDS + SINGLE_SENDS);
    expect(peakPerSecond(sent.map((message) => message.at), 1_000 - TRANSIT_ALLOWANCE_MS)).toBeLessThanOrEqual(NUMBER_LIMIT);
  }, 120_000);
});
