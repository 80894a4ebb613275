import { startFakeWhatsAppCloud } from '../integrations/whatsapp-cloud/testing/fake-server';
import { loadTemplateGraph } from '../integrations/whatsapp-cloud/template-graph';
import type { AppConfig } from '../domain/config';
import type { SecretBox } from '../domain/secret-box';
import type { Database } from '../prisma/client';
import { saveIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { DEMO_CREDENTIALS } from '../prisma/seed';
import { applyTemplateListing } from '../services/templates/template-listing';
import { restoreSandboxTemplates, reviewSandboxTemplates } from './sandbox-templates';

/** The demo agency's WhatsApp number in the sandbox: a loopback Graph API, no Meta account needed; its business account holds the templates. */
export const SANDBOX_NUMBER = { phoneNumberId: '100000000001', businessAccountId: '200000000001', displayPhoneNumber: '+54 11 5000-0000', accessToken: 'EAAGastorSandboxDemoToken0000000001' };

/** On a development machine without a Graph URL configured, `npm start` sends WhatsApp to the sandbox. */
export function sandboxWanted(config: AppConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  return config.env !== 'production' && !env.WHATSAPP_GRAPH_URL && env.ASTOR_WHATSAPP_SANDBOX !== 'off';
}

/**
 * Starts the loopback Graph API (accepts sends, reports sent/delivered/read back by signed webhooks,
 * reviews submitted templates) and connects the agency's channel to it, with its business account,
 * so campaigns, templates and the inbox work in the demo.
 */
export async function startWhatsAppSandbox(config: AppConfig, db: Database, secrets: SecretBox, options: { tenantSlug?: string; reviewMs?: number } = {}) {
  const { businessAccountId: wabaId, ...number } = SANDBOX_NUMBER;
  const fake = await startFakeWhatsAppCloud({ numbers: [{ ...number, wabaId, appSecret: config.whatsapp.appSecret, webhookUrl: `${config.api.publicUrl}/webhooks/whatsapp` }] });
  const review = reviewSandboxTemplates(fake, wabaId, options.reviewMs);
  const demo = await db.prisma.tenant.findUnique({ where: { slug: options.tenantSlug ?? DEMO_CREDENTIALS.tenantSlug }, select: { id: true } });
  if (demo) {
    const graph = await db.inTenant(demo.id, async (tx) => {
      const channel = await tx.whatsAppChannel.findFirst({ select: { id: true, phoneNumberId: true, businessAccountId: true } });
      if (!channel) {
        await tx.whatsAppChannel.create({ data: { tenantId: demo.id, apiType: 'BUSINESS_API', phoneNumberId: number.phoneNumberId, businessAccountId: wabaId, displayPhoneNumber: number.displayPhoneNumber, status: 'CONNECTED' } });
        await saveIntegrationConfig(tx, secrets, 'WHATSAPP_CLOUD', { accessToken: number.accessToken });
      } else if (channel.phoneNumberId === number.phoneNumberId && !channel.businessAccountId) {
        // Demos connected before the sandbox had a business account.
        await tx.whatsAppChannel.update({ where: { id: channel.id }, data: { businessAccountId: wabaId } });
      }
      await restoreSandboxTemplates(tx, fake, wabaId);
      return loadTemplateGraph(tx, secrets, { ...config.whatsapp, graphUrl: fake.baseUrl });
    });
    // The sync a connected agency runs, done once here: the demo's templates are in its registry from the first screen.
    if (graph?.businessAccountId === wabaId) {
      const remote = await graph.client.listAllTemplates(wabaId);
      await db.inTenant(demo.id, (tx) => applyTemplateListing(tx, demo.id, remote));
    }
  }
  return {
    ...fake,
    async stop() {
      review.stop();
      await fake.stop();
    },
  };
}
