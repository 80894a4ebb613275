import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Database } from '../prisma/client';
import { seedCampaignLeads } from '../testing/campaign-harness';
import { connectTemporal, createTestTenant, openDatabase, workerDeps } from '../testing/harness';
import { configureWhatsAppChannel } from '../testing/whatsapp-harness';
import { createCampaignActivities, type CampaignBatchInput, type CampaignBatchResult } from './campaign.activities';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from './providers/whatsapp-cloud/fake-server';

const RECIPIENTS = 40;

describe('sendCampaignBatch when attempts overlap', () => {
  let db: Database;
  let temporal: Client;
  let fake: FakeWhatsAppCloud;
  let tenantId: string;
  let activities: ReturnType<typeof createCampaignActivities>;

  beforeAll(async () => {
    db = openDatabase();
    temporal = await connectTemporal();
    tenantId = (await createTestTenant(db, 'Overlap')).id;
    const number = await configureWhatsAppChannel(db, tenantId, 'app-secret-for-tests');
    fake = await startFakeWhatsAppCloud({ numbers: [number], statuses: [] });
    activities = createCampaignActivities(workerDeps(db, temporal, 'unused', { graphUrl: fake.baseUrl }));
  });
  afterAll(async () => {
    await fake.stop();
    await temporal.connection.close();
    await db.disconnect();
  });

  it('sends each recipient once when an attempt that outlived its heartbeat still runs beside its retry', async () => {
    await seedCampaignLeads(tenantId, RECIPIENTS, { prefix: '15', tag: 'overlap' });
    const campaign = await db.inTenant(tenantId, (tx) =>
      tx.campaign.create({ data: { tenantId, name: 'Overlap', type: 'FIDELIZACION', status: 'RUNNING', audience: { tags: ['overlap'] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] } } }),
    );
    await activities.snapshotCampaignAudience({ tenantId, campaignId: campaign.id });
    const input: CampaignBatchInput = { tenantId, campaignId: campaign.id, afterSeq: 0, limit: RECIPIENTS, perSecond: 400, notBefore: Date.now() };

    const attempt = () => new MockActivityEnvironment().run<[CampaignBatchInput], CampaignBatchResult, typeof activities.sendCampaignBatch>(activities.sendCampaignBatch, input);
    const [first, second] = await Promise.all([attempt(), attempt()]);

    expect(Object.values(fake.countByRecipient()).filter((count) => count !== 1)).toEqual([]);
    expect(Object.keys(fake.countByRecipient())).toHaveLength(RECIPIENTS);
    expect(first.sent + second.sent).toBe(RECIPIENTS);
    expect(first.deferred + second.deferred).toBe(RECIPIENTS);
    const unsent = await db.inTenant(tenantId, (tx) => tx.campaignRecipient.count({ where: { campaignId: campaign.id, status: { not: 'SENT' } } }));
    expect(unsent).toBe(0);
  });
});
