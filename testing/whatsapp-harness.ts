import { randomUUID } from 'node:crypto';
import type { Database } from '../prisma/client';
import { saveIntegrationConfig } from '../prisma/repositories/integration-secrets';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { startFakeWhatsAppCloud, type FakeWhatsAppOptions } from '../integrations/whatsapp-cloud/testing/fake-server';
import { createStaffedTenant, type TestApi } from './api-harness';
import { adminQuery, startTestWorker, testSecretBox, workerDeps } from './harness';

export interface TestNumber {
  phoneNumberId: string;
  accessToken: string;
  displayPhoneNumber: string;
  appSecret: string;
}

/** Gives a tenant a WhatsApp Business API channel with an encrypted token, as Settings would. */
export async function configureWhatsAppChannel(db: Database, tenantId: string, appSecret: string): Promise<TestNumber> {
  const number = { phoneNumberId: `pn-${randomUUID().slice(0, 12)}`, accessToken: `EAAG${randomUUID().replace(/-/g, '')}`, displayPhoneNumber: '+54 11 5555-0000', appSecret };
  await db.inTenant(tenantId, async (tx) => {
    // Unlimited, so only tests of Meta's messaging limit (which set a tier) are bound by it.
    await tx.whatsAppChannel.create({ data: { tenantId, apiType: 'BUSINESS_API', phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber, status: 'CONNECTED', messagingLimitTier: 'TIER_UNLIMITED' } });
    await saveIntegrationConfig(tx, testSecretBox(), 'WHATSAPP_CLOUD', { accessToken: number.accessToken });
  });
  return number;
}

/** Serves an Express app on a loopback port, as the fake provider needs a real URL to call back. */
export async function listenOnLoopback(app: Express): Promise<{ baseUrl: string; close(): void }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** The API on a port, a fake Graph API whose numbers report to its webhook, and an in-process worker (traced when the API is). */
export async function startWhatsAppStack(api: TestApi, numbers: TestNumber[], options: Omit<FakeWhatsAppOptions, 'numbers'> = {}, providers: { elevenLabsUrl?: string } = {}) {
  const server = await listenOnLoopback(api.app);
  const webhookUrl = `${server.baseUrl}/webhooks/whatsapp`;
  const fake = await startFakeWhatsAppCloud({ ...options, numbers: numbers.map((number) => ({ ...number, webhookUrl })) });
  const taskQueue = api.deps.config.temporal.taskQueue;
  const worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue, { graphUrl: fake.baseUrl, messagingLimit: api.deps.config.messagingLimit, ...providers }), { address: api.deps.config.temporal.address, tracing: api.tracing });
  return {
    fake,
    webhookUrl,
    async stop() {
      await worker.stop();
      await fake.stop();
      server.close();
    },
  };
}

/** An agency whose Business API number allows `perSecond` messages a second, with the fake Graph API and a worker sending to it. */
export async function startLimitedNumberAgency(api: TestApi, name: string, perSecond: number) {
  const staff = await createStaffedTenant(api.db, name);
  const number = await configureWhatsAppChannel(api.db, staff.tenant.id, 'astor-development-app-secret');
  await adminQuery(`UPDATE "WhatsAppChannel" SET "messagesPerSecond" = $2 WHERE "tenantId" = $1`, [staff.tenant.id, perSecond]);
  return { staff, stack: await startWhatsAppStack(api, [number], { statuses: [] }) };
}
