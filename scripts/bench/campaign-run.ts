import request from 'supertest';
import { workflowIds } from '../../domain/temporal-contracts';
import { PACED_SECOND_MS } from '../../activities/campaign/pacer';
import { peakPerSecond } from '../../activities/campaign/testing/peak-per-second';
import type { TestApi } from '../../testing/api-harness';
import type { GraphSends } from './fake-graph-thread';
import { captureWirePosts } from './wire-capture';

/** The API a campaign is launched through: the in-process app, or the base URL of an API process. */
export type CampaignApi = Pick<TestApi, 'temporal'> & { app: Parameters<typeof request>[0] };

async function historyOf(api: CampaignApi, workflowId: string): Promise<{ runs: number; events: number; bytes: number }> {
  const totals = { runs: 0, events: 0, bytes: 0 };
  for await (const run of api.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    totals.runs += 1;
    totals.events += run.historyLength;
    totals.bytes += run.historySize ?? 0;
  }
  return totals;
}

/** Pauses between consecutive sends longer than two slots of the pacer: how many, and the time they idled beyond one slot. */
function stallsOf(times: number[], perSecond: number): { count: number; seconds: number } {
  const slot = PACED_SECOND_MS / perSecond;
  const sorted = [...times].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((at, index) => at - sorted[index]!).filter((gap) => gap > 2 * slot);
  return { count: gaps.length, seconds: gaps.reduce((total, gap) => total + gap - slot, 0) / 1000 };
}

/**
 * Creates and launches a campaign to the leads tagged `bench`, waits until it ends, and measures its
 * sends at the fake Graph API, and on the wire when the fake's address is given and tcpdump can capture.
 */
export async function runCampaign(api: CampaignApi, fake: Pick<GraphSends, 'reset' | 'sent' | 'countByRecipient'> & { baseUrl?: string }, tenantId: string, auth: string, perSecond: number) {
  await fake.reset();
  const wire = fake.baseUrl ? await captureWirePosts(Number(new URL(fake.baseUrl).port)) : null;
  const post = (path: string, body: object = {}) => request(api.app).post(`/api${path}`).set('Authorization', auth).send(body);
  const { body: campaign } = await post('/campaigns', { name: `Bench ${perSecond}/s`, type: 'OPORTUNIDADES', audience: { tags: ['bench'] }, content: { kind: 'template', name: 'oportunidad', language: 'es_AR', variables: ['{{lead.firstName|vecino}}'] }, throttlePerSecond: perSecond });
  const launched = Date.now();
  await post(`/campaigns/${campaign.id}/launch`).expect(202);
  for (;;) {
    const { body } = await request(api.app).get(`/api/campaigns/${campaign.id}/progress`).set('Authorization', auth);
    if (body.status === 'COMPLETED' || body.status === 'FAILED') break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const sent = await fake.sent();
  const wireTimes = await wire?.stop();
  const first = Math.min(...sent.map((message) => message.at));
  const last = Math.max(...sent.map((message) => message.at));
  const duplicates = Object.values(await fake.countByRecipient()).filter((count) => count > 1).length;
  return { sent: sent.length, duplicates, achieved: (sent.length - 1) / ((last - first) / 1000), peak: peakPerSecond(sent.map((message) => message.at)), wirePeak: wireTimes ? peakPerSecond(wireTimes) : null, stalls: stallsOf(sent.map((message) => message.at), perSecond), wallSeconds: (Date.now() - launched) / 1000, history: await historyOf(api, workflowIds.campaign(tenantId, campaign.id)) };
}
