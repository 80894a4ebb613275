import { startFakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import type { AppConfig } from '../domain/config';
import type { SecretBox } from '../domain/secret-box';
import type { Database } from '../prisma/client';
import { saveIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { DEMO_CREDENTIALS } from '../prisma/seed';

/** The demo agency's WhatsApp number in the sandbox: a loopback Graph API, no Meta account needed. */
export const SANDBOX_NUMBER = { phoneNumberId: '100000000001', displayPhoneNumber: '+54 11 5000-0000', accessToken: 'EAAGastorSandboxDemoToken0000000001' };

/** On a development machine without a Graph URL configured, `npm start` sends WhatsApp to the sandbox. */
export function sandboxWanted(config: AppConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  return config.env !== 'production' && !env.WHATSAPP_GRAPH_URL && env.ASTOR_WHATSAPP_SANDBOX !== 'off';
}

/**
 * Starts the loopback Graph API (accepts sends, reports sent/delivered/read back by signed webhooks)
 * and connects the demo agency's channel to it once, so campaigns and the inbox work in the demo.
 */
export async function startWhatsAppSandbox(config: AppConfig, db: Database, secrets: SecretBox) {
  const fake = await startFakeWhatsAppCloud({ numbers: [{ ...SANDBOX_NUMBER, appSecret: config.whatsapp.appSecret, webhookUrl: `${config.api.publicUrl}/webhooks/whatsapp` }] });
  const demo = await db.prisma.tenant.findUnique({ where: { slug: DEMO_CREDENTIALS.tenantSlug }, select: { id: true } });
  if (demo) {
    await db.inTenant(demo.id, async (tx) => {
      if (await tx.whatsAppChannel.findFirst({ select: { id: true } })) return;
      await tx.whatsAppChannel.create({ data: { tenantId: demo.id, apiType: 'BUSINESS_API', phoneNumberId: SANDBOX_NUMBER.phoneNumberId, displayPhoneNumber: SANDBOX_NUMBER.displayPhoneNumber, status: 'CONNECTED' } });
      await saveIntegrationConfig(tx, secrets, 'WHATSAPP_CLOUD', { accessToken: SANDBOX_NUMBER.accessToken });
    });
  }
  return fake;
}
