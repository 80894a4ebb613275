import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeWhatsAppCloud, type FakeWhatsAppCloud } from '../../integrations/whatsapp-cloud/testing/fake-server';
import { Client } from 'pg';
import { INBOX_CHANNEL } from '../../prisma/inbox-events';
import { startTestWorker, workerDeps, type RunningWorker } from '../../testing/harness';
import { harnessValue } from '../../testing/harness-env';
import { createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { configureWhatsAppChannel, type TestNumber } from '../../testing/whatsapp-harness';

interface StreamedEvent {
  event: string;
  data: { conversationId: string; preview?: string };
}

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Reads an SSE stream until it ends, collecting events. */
async function collect(url: string, auth: string): Promise<StreamedEvent[]> {
  const response = await fetch(url, { headers: { Authorization: auth } });
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine!.slice(7), data: JSON.parse(dataLine!.slice(6)) as StreamedEvent['data'] };
    });
}

describe('live inbox over server-sent events', () => {
  let webhookApi: TestApi;
  let streamApi: TestApi;
  let servers: Server[];
  let fake: FakeWhatsAppCloud;
  let worker: RunningWorker;
  let a: Awaited<ReturnType<typeof createStaffedTenant>>;
  let b: Awaited<ReturnType<typeof createStaffedTenant>>;
  let numberA: TestNumber;
  let streamUrl: string;

  beforeAll(async () => {
    webhookApi = await startTestApi();
    streamApi = await startTestApi({ env: { TEMPORAL_TASK_QUEUE: webhookApi.deps.config.temporal.taskQueue } });
    servers = [webhookApi.app.listen(0, '127.0.0.1'), streamApi.app.listen(0, '127.0.0.1')];
    const [webhookBase, streamBase] = [await listen(servers[0]!), await listen(servers[1]!)];
    streamUrl = `${streamBase}/api/inbox/stream?maxDurationSec=4`;
    [a, b] = [await createStaffedTenant(webhookApi.db, 'Stream A'), await createStaffedTenant(webhookApi.db, 'Stream B')];
    numberA = await configureWhatsAppChannel(webhookApi.db, a.tenant.id, 'astor-development-app-secret');
    await configureWhatsAppChannel(webhookApi.db, b.tenant.id, 'astor-development-app-secret');
    fake = await startFakeWhatsAppCloud({ numbers: [{ ...numberA, webhookUrl: `${webhookBase}/webhooks/whatsapp` }] });
    const taskQueue = webhookApi.deps.config.temporal.taskQueue;
    worker = await startTestWorker(taskQueue, workerDeps(webhookApi.db, webhookApi.temporal, taskQueue, { graphUrl: fake.baseUrl }));
  });

  afterAll(async () => {
    await worker.stop();
    await fake.stop();
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await Promise.all([webhookApi.close(), streamApi.close()]);
  });

  it("pushes a new WhatsApp message to the agency's agents on another API instance, and to no other agency", async () => {
    const streams = Promise.all([collect(streamUrl, a.agent.auth), collect(streamUrl, b.admin.auth)]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await fake.deliverInbound(numberA.phoneNumberId, { from: '5491163330001', text: 'Hola, ¿sigue disponible?' });
    const [forA, forB] = await streams;
    expect(forA.find((event) => event.event === 'message.created' && event.data.preview === 'Hola, ¿sigue disponible?')).toBeDefined();
    expect(JSON.stringify(forA)).not.toContain(a.tenant.id);
    expect(forB).toEqual([]);
  });

  it('opens the stream only once the API listens, so an event committed right after the opening is never missed', async () => {
    const fresh = await startTestApi();
    const server = fresh.app.listen(0, '127.0.0.1');
    const notifier = new Client({ connectionString: harnessValue('adminUrl') });
    await notifier.connect();
    try {
      const response = await fetch(`${await listen(server)}/api/inbox/stream?maxDurationSec=2`, { headers: { Authorization: a.agent.auth } });
      const event = { tenantId: a.tenant.id, type: 'conversation.updated', conversationId: a.tenant.id, assigneeId: null, at: new Date().toISOString() };
      await notifier.query('SELECT pg_notify($1, $2)', [INBOX_CHANNEL, JSON.stringify(event)]);
      expect(await response.text()).toContain('event: conversation.updated');
    } finally {
      await notifier.end();
      server.closeAllConnections();
      server.close();
      await fresh.close();
    }
  });

  it('lets go of its subscription when the agent leaves while the API is still connecting its listener', async () => {
    const fresh = await startTestApi();
    const server = fresh.app.listen(0, '127.0.0.1');
    const hub = fresh.deps.inbox;
    const subscribe = hub.subscribe.bind(hub);
    let subscribed!: () => void;
    let connect!: () => void;
    const reached = new Promise<void>((resolve) => (subscribed = resolve));
    const connected = new Promise<void>((resolve) => (connect = resolve));
    hub.subscribe = async (subscriber) => {
      const unsubscribe = await subscribe(subscriber);
      subscribed();
      await connected;
      return unsubscribe;
    };
    const leaving = new AbortController();
    try {
      const request = fetch(`${await listen(server)}/api/inbox/stream`, { headers: { Authorization: a.agent.auth }, signal: leaving.signal }).catch(() => undefined);
      await reached;
      leaving.abort();
      await request;
      await new Promise((resolve) => setTimeout(resolve, 200));
      connect();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hub['subscribers'].size).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
      await fresh.close();
    }
  });

  it('refuses the stream without a session', async () => {
    const response = await fetch(streamUrl);
    expect(response.status).toBe(401);
    await response.text();
  });
});
