import { AppError } from '../../domain/app-error';
import type { AppConfig } from '../../domain/config';
import type { SecretBox } from '../../domain/secret-box';
import { WhatsAppCloudClient } from '../../integrations/whatsapp-cloud/client';
import type { Database } from '../../prisma/client';
import { loadIntegrationConfig, recordIntegrationHealth } from '../../prisma/repositories/integration-secrets';
import { probeFailure, probeProvider } from '../integrations/provider-probe';
import type { CloudCredentials } from './find-whatsapp-channel';
import { messagingTierOf, qualityRatingOf } from '../../domain/messaging-limit';

/** "Probar conexión": a real call to Meta with the stored token; the channel's status and health follow the answer. */
export async function checkWhatsAppChannel({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }) {
  const { channel, integration } = await db.forCurrentTenant(async (tx) => ({ channel: await tx.whatsAppChannel.findFirst(), integration: await loadIntegrationConfig<CloudCredentials>(tx, secrets, 'WHATSAPP_CLOUD') }));
  const phoneNumberId = channel?.phoneNumberId;
  if (!channel || !phoneNumberId || !integration) throw new AppError('conflict', 'Connect the WhatsApp number before testing it');
  const client = new WhatsAppCloudClient({ baseUrl: config.whatsapp.graphUrl, apiVersion: config.whatsapp.graphVersion, accessToken: integration.config.accessToken, phoneNumberId });
  const outcome = await probeProvider(client.getPhoneNumber(), (number) => ({
    displayPhoneNumber: number.display_phone_number,
    verifiedName: number.verified_name ?? null,
    qualityRating: qualityRatingOf(number.quality_rating) ?? null,
    messagingLimitTier: messagingTierOf(number.whatsapp_business_manager_messaging_limit) ?? null,
  }));
  await db.forCurrentTenant(async (tx) => {
    await recordIntegrationHealth(tx, integration.integration, probeFailure(outcome));
    await tx.whatsAppChannel.update({
      where: { id: channel.id },
      data: outcome.ok ? { status: 'CONNECTED', displayPhoneNumber: outcome.displayPhoneNumber, ...limitsRead(outcome) } : { status: 'ERROR' },
    });
  });
  return outcome;
}

/** What Graph named is kept; what it left out keeps the last value Meta gave (a webhook may have told it). */
function limitsRead({ qualityRating, messagingLimitTier }: { qualityRating: string | null; messagingLimitTier: string | null }) {
  if (!qualityRating && !messagingLimitTier) return {};
  return { ...(qualityRating ? { qualityRating } : {}), ...(messagingLimitTier ? { messagingLimitTier } : {}), messagingLimitUpdatedAt: new Date() };
}
