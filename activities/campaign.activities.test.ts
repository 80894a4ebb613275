import express from 'express';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Database } from '../prisma/client';
import { seedCampaignLeads } from '../testing/campaign-harness';
import { connectTemporal, createTestTenant, openDatabase, workerDeps } from '../testing/harness';
import { configureWhatsAppChannel, listenOnLoopback } from '../testing/whatsapp-harness';
import { PACED_SECOND_MS } from './campaign/pacer';
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

  /** Graph answering each call `delayMs` late, through a loopback proxy in front of the fake. */
  async function slowGraph(delayMs: number) {
    const app = express();
    app.use(express.raw({ type: () => true }), async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const answer = await fetch(`${fake.baseUrl}${req.originalUrl}`, { method: req.method, headers: { authorization: req.header('authorization')!, 'content-type': 'application/json' }, body: req.body });
      res.status(answer.status).type('application/json').send(Buffer.from(await answer.arrayBuffer()));
    });
    const proxy = await listenOnLoopback(app);
    return { proxy, activities: createCampaignActivities(workerDeps(db, temporal, 'unused', { graphUrl: proxy.baseUrl })) };
  }

  const runBatch = (target: typeof activities, input: CampaignBatchInput) =>
    new MockActivityEnvironment().run<[CampaignBatchInput], CampaignBatchResult, typeof target.sendCampaignBatch>(target.sendCampaignBatch, input);

  it('sends, each once and in a further booked window, what a pacer held back by a slow provider had no room left for', async () => {
    // Graph answering in 5 s at 10/s: the batch's 32 calls in flight hold the last 8 sends past their window.
    const { proxy, activities: slow } = await slowGraph(5_000);
    try {
      const campaignId = await launchedCampaign('fresh', '16');
      const result = await runBatch(slow, { tenantId, campaignId, afterSeq: 0, limit: RECIPIENTS, perSecond: 10, notBefore: Date.now() });

      expect(result).toMatchObject({ sent: RECIPIENTS, retryLater: 0, deferred: 0 });
      const messages = await db.inTenant(tenantId, (tx) => tx.message.findMany({ where: { campaignId }, select: { providerMessageId: true } }));
      expect(messages.filter((message) => message.providerMessageId === null)).toEqual([]);
      const counts = Object.entries(fake.countByRecipient()).filter(([to]) => to.startsWith('54916'));
      expect(counts.map(([, count]) => count)).toEqual(Array(RECIPIENTS).fill(1));
    } finally {
      proxy.close();
    }
  });

  it('claims each second of sends while the one before it sends, so chunks follow one another without waiting for answers', async () => {
    // Four chunks of ten at 10/s; Graph answers in 1.5 s. Waiting for a chunk's answers before the next would add 4.5 s.
    const { proxy, activities: slow } = await slowGraph(1_500);
    try {
      const campaignId = await launchedCampaign('chunks', '17');
      const result = await runBatch(slow, { tenantId, campaignId, afterSeq: 0, limit: RECIPIENTS, perSecond: 10, notBefore: Date.now() });

      expect(result).toMatchObject({ sent: RECIPIENTS, exhausted: false, retryLater: 0, deferred: 0 });
      const arrivals = fake.sent().filter((message) => message.to.startsWith('54917')).map((message) => message.at);
      expect(arrivals).toHaveLength(RECIPIENTS);
      const paced = ((RECIPIENTS - 1) * PACED_SECOND_MS) / 10;
      expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(paced + 2_000);
    } finally {
      proxy.close();
    }
  });

  it('stops claiming once the campaign’s rate changes, leaving the rest to a batch at the new rate', async () => {
    const campaignId = await launchedCampaign('rate', '18');
    const batch = runBatch(activities, { tenantId, campaignId, afterSeq: 0, limit: RECIPIENTS, perSecond: 10, notBefore: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await db.inTenant(tenantId, (tx) => tx.campaign.update({ where: { id: campaignId }, data: { throttlePerSecond: 5 } }));
    const result = await batch;

    expect(result.exhausted).toBe(false);
    expect(result.sent).toBeLessThan(RECIPIENTS);
    const settled = await db.inTenant(tenantId, (tx) => tx.campaignRecipient.findMany({ where: { campaignId, status: 'SENT' }, select: { seq: true } }));
    expect(settled).toHaveLength(result.sent);
    expect(Math.max(...settled.map((recipient) => recipient.seq))).toBe(result.lastSeq);
  });
});
