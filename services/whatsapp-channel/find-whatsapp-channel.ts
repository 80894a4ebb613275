import type { SecretBox } from '../../domain/secret-box';
import type { TenantTx } from '../../prisma/client';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';

export type CloudCredentials = { accessToken: string };

/** The agency's WhatsApp channel with its Business API credentials (decrypted), as the route's view shows them. */
export async function findWhatsAppChannel(tx: TenantTx, secrets: SecretBox) {
  const channel = await tx.whatsAppChannel.findFirst();
  const integration = channel ? await loadIntegrationConfig<CloudCredentials>(tx, secrets, 'WHATSAPP_CLOUD') : undefined;
  return { channel, integration };
}

export type FoundWhatsAppChannel = Awaited<ReturnType<typeof findWhatsAppChannel>>;
