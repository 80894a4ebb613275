import { AppError } from '../../domain/app-error';
import type { AppConfig } from '../../domain/config';
import type { SecretBox } from '../../domain/secret-box';
import { WhatsAppCloudClient } from '../../integrations/whatsapp-cloud/client';
import type { Database } from '../../prisma/client';
import { loadIntegrationConfig, recordIntegrationHealth } from '../../prisma/repositories/integration-secrets';
import { probeFailure, probeProvider } from '../integrations/provider-probe';
import type { CloudCredentials } from './find-whatsapp-channel';
import { limitsUpdate, numberLimitsOf } from './number-limits';

/** "Probar conexión": a real call to Meta with the stored token; the channel's status and health follow the answer. */
export async function checkWhatsAppChannel({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }) {
  const { channel, integration } = await db.forCurrentTenant(async (tx) => ({ channel: await tx.whatsAppChannel.findFirst(), integration: await loadIntegrationConfig<CloudCredentials>(tx, secrets, 'WHATSAPP_CLOUD') }));
  const phoneNumberId = channel?.phoneNumberId;
  if (!channel || !phoneNumberId || !integration) throw new AppError('conflict', 'Connect the WhatsApp number before testing it');
  const client = new WhatsAppCloudClient({ baseUrl: config.whatsapp.graphUrl, apiVersion: config.whatsapp.graphVersion, accessToken: integration.config.accessToken, phoneNumberId });
  const outcome = await probeProvider(client.getPhoneNumber(), (number) => ({
    displayPhoneNumber: number.display_phone_number,
    verifiedName: number.verified_name ?? null,
    ...numberLimitsOf(number),
  }));
  await db.forCurrentTenant(async (tx) => {
    await recordIntegrationHealth(tx, integration.integration, probeFailure(outcome));
    await tx.whatsAppChannel.update({
      where: { id: channel.id },
      data: outcome.ok ? { status: 'CONNECTED', displayPhoneNumber: outcome.displayPhoneNumber, ...limitsUpdate(outcome) } : { status: 'ERROR' },
    });
  });
  return outcome;
}

