import type { AppConfig } from '../../domain/config';
import type { Database } from '../../prisma/client';
import { bridgeCall, bridgeClient, NO_SESSION, sessionView, type WebSessionView } from './whatsapp-web-session';

/** The WhatsApp Web session as the bridge sees it now, and its QR code while it waits to be scanned. */
export async function findWebSession({ db, config }: { db: Database; config: AppConfig }): Promise<WebSessionView> {
  const channel = await db.forCurrentTenant((tx) => tx.whatsAppChannel.findFirst());
  return channel?.webSessionId ? bridgeCall(sessionView(bridgeClient(config, channel.webSessionId))) : NO_SESSION;
}
