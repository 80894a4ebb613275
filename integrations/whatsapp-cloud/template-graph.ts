import type { WhatsAppCloudSettings } from './whatsapp-cloud.channel';
import type { SecretBox } from '../../domain/secret-box';
import type { TenantTx } from '../../prisma/client';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { WhatsAppCloudClient } from './client';

/** The Graph client and business account (WABA) that hold an agency's templates. */
export interface TemplateGraph {
  client: WhatsAppCloudClient;
  businessAccountId: string;
}

/** The agency's template account, or undefined while its Business API number, WABA id or token are missing. */
export async function loadTemplateGraph(tx: TenantTx, secrets: SecretBox, settings: WhatsAppCloudSettings): Promise<TemplateGraph | undefined> {
  const channel = await tx.whatsAppChannel.findFirst();
  if (channel?.apiType !== 'BUSINESS_API' || !channel.businessAccountId || !channel.phoneNumberId) return undefined;
  const integration = await loadIntegrationConfig<{ accessToken: string }>(tx, secrets, 'WHATSAPP_CLOUD');
  if (!integration?.config.accessToken) return undefined;
  const client = new WhatsAppCloudClient({ baseUrl: settings.graphUrl, apiVersion: settings.graphVersion, accessToken: integration.config.accessToken, phoneNumberId: channel.phoneNumberId });
  return { client, businessAccountId: channel.businessAccountId };
}
