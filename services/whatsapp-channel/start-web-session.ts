import type { AppConfig } from '../../domain/config';
import type { SecretBox } from '../../domain/secret-box';
import type { Database } from '../../prisma/client';
import { bridgeCall, bridgeClient, bridgeSettings, ensureWebSession, sessionView, type WebSessionView } from './whatsapp-web-session';

/** Starts (or resumes) the agency's WhatsApp Web session on the bridge; answers its status and QR code. */
export async function startWebSession({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }): Promise<WebSessionView> {
  bridgeSettings(config);
  const session = await db.forCurrentTenant((tx) => ensureWebSession(tx, secrets));
  const client = bridgeClient(config, session.session);
  await bridgeCall(client.start({ url: `${config.api.publicUrl}/webhooks/whatsapp-web/${encodeURIComponent(session.session)}`, secret: session.webhookSecret }));
  return bridgeCall(sessionView(client));
}
