import express from 'express';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Database } from '../prisma/client';
import { seedCampaignLeads } from '../testing/campaign-harness';
import { connectTemporal, createTestTenant, openDatabase, workerDeps } from '../testing/harness';
import { configureWhatsAppChannel, listenOnLoopback } from '../testing/whatsapp-harness';
import { createCampaignActivities, type CampaignBatchInput, type CampaignBatchResult } from './campaign.activities';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';

const RECIPIENTS = 40;

describe('sendCampaignBatch dispatches', () => {
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

  async function launchedCampaign(tag: string, prefix: string) {
    await seedCampaignLeads(tenantId, RECIPIENTS, { prefix, tag });
    const campaign = await db.inTenant(tenantId, (tx) =>
      tx.campaign.create({ data: { tenantId, name: tag, type: 'FIDELIZACION', status: 'RUNNING', audience: { tags: [tag] }, content: { kind: 'template', name: 'hola', language: 'es', variables: [] } } }),
    );
    await activities.snapshotCampaignAudience({ tenantId, campaignId: campaign.id });
    return campaign.id;
  }

  it('sends each recipient once when an attempt that outlived its heartbeat still runs beside its retry', async () => {
    const campaignId = await launchedCampaign('overlap', '15');
    const input: CampaignBatchInput = { tenantId, campaignId, afterSeq: 0, limit: RECIPIENTS, perSecond: 400, notBefore: Date.now() };

    const attempt = () => new MockActivityEnvironment().run<[CampaignBatchInput], CampaignBatchResult, typeof activities.sendCampaignBatch>(activities.sendCampaignBatch, input);
    const [first, second] = await Promise.all([attempt(), attempt()]);
    expect(Object.values(fake.countByRecipient()).filter((count) => count !== 1)).toEqual([]);
    expect(first.deferred + second.deferred).toBe(RECIPIENTS);

    // A slot a busy machine made the winning attempt miss leaves its recipient to the next pass, which sends it once.
    const next = await attempt();
    expect(Object.values(fake.countByRecipient()).filter((count) => count !== 1)).toEqual([]);
    expect(Object.keys(fake.countByRecipient())).toHaveLength(RECIPIENTS);
    expect(first.sent + second.sent + next.sent).toBe(RECIPIENTS);
    const unsent = await db.inTenant(tenantId, (tx) => tx.campaignRecipient.count({ where: { campaignId, status: { not: 'SENT' } } }));
    expect(unsent).toBe(0);
  });

  it('sends, each once and in a further booked window, what a pacer held back by a slow provider had no room left for', async () => {
    // Graph answering in 2.5 s: the 32 sends in flight hold the rest of a 40-message chunk past its window.
    const slowGraph = express();
    slowGraph.use(express.raw({ type: () => true }), async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const answer = await fetch(`${fake.baseUrl}${req.originalUrl}`, { method: req.method, headers: { authorization: req.header('authorization')!, 'content-type': 'application/json' }, body: req.body });
      res.status(answer.status).type('application/json').send(Buffer.from(await answer.arrayBuffer()));
    });
    const proxy = await listenOnLoopback(slowGraph);
    try {
      const slow = createCampaignActivities(workerDeps(db, temporal, 'unused', { graphUrl: proxy.baseUrl }));
      const campaignId = await launchedCampaign('fresh', '16');
      const input: CampaignBatchInput = { tenantId, campaignId, afterSeq: 0, limit: RECIPIENTS, perSecond: 400, notBefore: Date.now() };
      const result = await new MockActivityEnvironment().run<[CampaignBatchInput], CampaignBatchResult, typeof slow.sendCampaignBatch>(slow.sendCampaignBatch, input);

      expect(result).toMatchObject({ sent: RECIPIENTS, retryLater: 0, deferred: 0 });
      const messages = await db.inTenant(tenantId, (tx) => tx.message.findMany({ where: { campaignId }, select: { providerMessageId: true } }));
      expect(messages.filter((message) => message.providerMessageId === null)).toEqual([]);
      const counts = Object.entries(fake.countByRecipient()).filter(([to]) => to.startsWith('54916'));
      expect(counts.map(([, count]) => count)).toEqual(Array(RECIPIENTS).fill(1));
    } finally {
      proxy.close();
    }
  });
});
