import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { cancelCampaignUpdate, campaignProgressQuery } from '../workflows/campaign.contract';
import { campaignWorkflow } from '../workflows/campaign.workflow';
import { eventually } from '../testing/eventually';
import { frontendPortWithRoom } from '../testing/cluster-temporal';
import { harnessValue } from '../testing/harness-env';
import { resolveGoBinary, TEMPORAL_SQL_TOOL } from './go-binaries';
import { provisionPostgresTemporal, setUpTemporalSchemas, type ProvisionedTemporal } from './postgres-server';

const campaignActivities = {
  async loadCampaignPlan() {
    return { perSecond: 10, maxPerSecond: 20, quietHours: null, timeZone: 'America/Argentina/Buenos_Aires', startAt: Date.now() + 3_600_000, cancelledBeforeStart: false };
  },
  async setCampaignStatus() {},
  async readCampaignFunnel() {
    return { total: 0, pending: 0, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0, skipped: 0, failures: [] };
  },
};

/** A worker of the campaign workflow with fake activities, against `address`, until `fn` settles. */
async function withWorker<T>(address: string, taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const connection = await NativeConnection.connect({ address });
  try {
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: harnessValue('bundlePath') }, activities: campaignActivities });
    return await worker.runUntil(fn);
  } finally {
    await connection.close();
  }
}

describe('the Temporal server persisted in PostgreSQL (the cluster topology)', () => {
  const adminUrl = harnessValue('maintenanceUrl');
  let server: ProvisionedTemporal;

  beforeAll(async () => {
    server = await provisionPostgresTemporal({ adminUrl, frontendPort: await frontendPortWithRoom(), namespace: 'default', log: () => undefined });
  }, 120_000);
  afterAll(() => server.stop());

  it('sets up its schemas idempotently', async () => {
    await setUpTemporalSchemas(await resolveGoBinary(TEMPORAL_SQL_TOOL, process.env.TEMPORAL_SQL_TOOL, () => undefined), adminUrl, () => undefined);
    const pg = new PgClient({ connectionString: adminUrl.replace(/\/[^/]*$/, '/temporal') });
    await pg.connect();
    const { rows } = await pg.query<{ curr_version: string }>('SELECT curr_version FROM schema_version');
    await pg.end();
    expect(rows[0]!.curr_version).toMatch(/^1\.\d+$/);
  }, 120_000);

  it('keeps a waiting workflow and its timer through a SIGKILL of the server and a restart', async () => {
    const taskQueue = `cluster-${randomUUID()}`;
    const workflowId = `campaign-${randomUUID()}`;
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    const handle = await client.workflow.start(campaignWorkflow, { workflowId, taskQueue, args: [{ tenantId: 'tenant-1', campaignId: 'campaign-1' }] });
    await withWorker(server.address, taskQueue, () => eventually(() => handle.query(campaignProgressQuery).catch(() => undefined), (progress) => progress?.status === 'SCHEDULED'));
    await client.connection.close();

    await server.kill();
    await server.restart();
    const again = new Client({ connection: await Connection.connect({ address: server.address }) });
    try {
      const result = await withWorker(server.address, taskQueue, async () => {
        const survivor = again.workflow.getHandle<typeof campaignWorkflow>(workflowId);
        expect((await survivor.query(campaignProgressQuery)).startsAt).toBeDefined();
        await survivor.executeUpdate(cancelCampaignUpdate, { args: [{ actorId: 'admin-1' }] });
        return survivor.result();
      });
      expect(result.status).toBe('CANCELLED');
    } finally {
      await again.connection.close();
    }
  }, 180_000);
});
