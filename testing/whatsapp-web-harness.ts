import request from 'supertest';
import { createMediaLinks } from '../integrations/media-store/media-links';
import { createChannelRegistry } from '../integrations/channel-registry';
import { startFakeWhatsAppWebBridge } from '../integrations/whatsapp-web/testing/fake-server';
import { startFakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import type { ActivityDependencies } from '../activities';
import { startTestApi, type TestApi } from './api-harness';
import { freePort } from './free-port';
import { startTestWorker, workerDeps } from './harness';
import type { TestNumber } from './whatsapp-harness';

export const BRIDGE_API_KEY = 'bridge-key-for-tests-0000000001';

/** Activity dependencies whose channel registry reaches both the fake Graph API and the fake bridge. */
export function bridgeWorkerDeps(api: TestApi, graphUrl: string): ActivityDependencies {
  const deps = workerDeps(api.db, api.temporal, api.deps.config.temporal.taskQueue, { graphUrl });
  const whatsapp = { graphUrl, graphVersion: 'v21.0', webBridge: api.deps.config.whatsapp.webBridge };
  return { ...deps, channels: createChannelRegistry({ db: api.db, secrets: deps.secrets, whatsapp, botPlatforms: deps.botPlatformUrls, mediaLinks: createMediaLinks(api.deps.config) }) };
}

/**
 * The API listening on the port its PUBLIC_API_URL names (so the bridge's webhooks reach it), a fake
 * bridge it is configured with, and, once `connect` is given the tenants' numbers, a fake Graph API
 * reporting to the same API and an in-process worker that can send through either.
 */
export async function startWhatsAppWebStack() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const bridge = await startFakeWhatsAppWebBridge({ apiKey: BRIDGE_API_KEY, ackDelayMs: 20 });
  const api = await startTestApi({ env: { PUBLIC_API_URL: baseUrl, WHATSAPP_WEB_BRIDGE_URL: bridge.baseUrl, WHATSAPP_WEB_BRIDGE_API_KEY: BRIDGE_API_KEY } });
  const server = api.app.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const stops: (() => Promise<void>)[] = [];

  return {
    api,
    bridge,
    baseUrl,
    /** The fake Graph API for these numbers and a worker on the run's Temporal. */
    async connect(numbers: TestNumber[]) {
      const cloud = await startFakeWhatsAppCloud({ numbers: numbers.map((number) => ({ ...number, webhookUrl: `${baseUrl}/webhooks/whatsapp` })), statuses: [] });
      const worker = await startTestWorker(api.deps.config.temporal.taskQueue, bridgeWorkerDeps(api, cloud.baseUrl));
      stops.push(() => worker.stop(), () => cloud.stop());
      return cloud;
    },
    /** Starts the tenant's Web session through Settings and scans its QR code; answers the session's name. */
    async pairWebSession(tenantId: string, adminAuth: string): Promise<string> {
      await request(api.app).post('/api/channels/whatsapp/web-session').set('Authorization', adminAuth).send({}).expect(200);
      const channel = await api.db.inTenant(tenantId, (tx) => tx.whatsAppChannel.findFirstOrThrow());
      bridge.scan(channel.webSessionId!);
      return channel.webSessionId!;
    },
    async stop() {
      for (const stop of stops) await stop();
      await bridge.stop();
      server.closeAllConnections();
      server.close();
      await api.close();
    },
  };
}
