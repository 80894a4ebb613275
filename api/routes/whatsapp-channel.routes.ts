import { maskSecret, type SecretBox } from '../../domain/secret-box';
import type { AppConfig } from '../../domain/config';
import type { Database } from '../../prisma/client';
import type { Client } from '@temporalio/client';
import type { Logger } from '../../domain/logger';
import { templateSync } from '../../services/templates/template-sync';
import { heldDeliveries } from '../../services/webhook-inbox/held-deliveries';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS } from '../http/access-roles';
import { messagingCapacitySchema, putWhatsAppChannelBody, putWhatsAppModeBody, webSessionSchema, whatsAppChannelSchema, whatsAppProbeSchema } from '../contracts/whatsapp-channel.schemas';
import { findWhatsAppChannel, type FoundWhatsAppChannel } from '../../services/whatsapp-channel/find-whatsapp-channel';
import { connectWhatsAppChannel } from '../../services/whatsapp-channel/connect-whatsapp-channel';
import { checkWhatsAppChannel } from '../../services/whatsapp-channel/check-whatsapp-channel';
import { findMessagingCapacity } from '../../services/whatsapp-channel/find-messaging-capacity';
import { disconnectWhatsAppChannel } from '../../services/whatsapp-channel/disconnect-whatsapp-channel';
import { switchWhatsAppMode } from '../../services/whatsapp-channel/switch-whatsapp-mode';
import { startWebSession } from '../../services/whatsapp-channel/start-web-session';
import { findWebSession } from '../../services/whatsapp-channel/find-web-session';
import { endWebSession } from '../../services/whatsapp-channel/end-web-session';

function view({ channel, integration }: FoundWhatsAppChannel) {
  if (!channel) return { configured: false as const };
  const { tenantId: _tenantId, verifyTokenHash: _hash, ...shown } = channel;
  return {
    configured: true as const,
    ...shown,
    accessToken: integration ? maskSecret(integration.config.accessToken) : null,
    health: integration?.integration.health ?? 'UNKNOWN',
    lastCheckedAt: integration?.integration.lastCheckedAt ?? null,
    lastError: integration?.integration.lastError ?? null,
  };
}

/**
 * The agency's WhatsApp channel: the Business API number with its encrypted token and connection test,
 * or a WhatsApp Web session on the bridge (paired by QR code), and the fallback from one to the other.
 */
export function whatsAppChannelRoutes({ db, secrets, config, temporal, webhookInbox, logger }: { db: Database; secrets: SecretBox; config: AppConfig; temporal: Client; webhookInbox: WebhookInbox; logger: Logger }): RouteSpec[] {
  const held = heldDeliveries({ db, inbox: webhookInbox, logger });
  const deps = { db, secrets, config, held, logger, sync: templateSync({ temporal, taskQueue: config.temporal.taskQueue }) };
  return [
    route({
      method: 'get',
      path: '/channels/whatsapp',
      summary: "The agency's WhatsApp channel (the token is shown masked)",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: whatsAppChannelSchema,
      handler: async () => view(await db.forCurrentTenant((tx) => findWhatsAppChannel(tx, secrets))),
    }),
    route({
      method: 'put',
      path: '/channels/whatsapp',
      summary: 'Connect or change the WhatsApp Business API number; the token is encrypted at rest and never shown again',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      body: putWhatsAppChannelBody,
      response: whatsAppChannelSchema,
      handler: async ({ body }) => view(await connectWhatsAppChannel(deps, body)),
    }),
    route({
      method: 'post',
      path: '/channels/whatsapp/test',
      summary: "Probar conexión: a real call to Meta with the stored token, answering Meta's own reason on failure",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: whatsAppProbeSchema,
      handler: () => checkWhatsAppChannel(deps),
    }),
    route({
      method: 'get',
      path: '/channels/whatsapp/capacity',
      summary: "Meta's messaging limit (unique users per rolling 24 h for business-initiated messages), how much of it the last 24 h used, and the number's quality",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: messagingCapacitySchema,
      handler: () => db.forCurrentTenant((tx) => findMessagingCapacity(tx, new Date(), config.messagingLimit.windowMs)),
    }),
    route({
      method: 'delete',
      path: '/channels/whatsapp',
      summary: 'Disconnect WhatsApp: the number and its token are removed',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      status: 204,
      handler: () => disconnectWhatsAppChannel(deps),
    }),
    route({
      method: 'put',
      path: '/channels/whatsapp/mode',
      summary: "Where the agency's WhatsApp messages go out: the Business API or the WhatsApp Web session, and whether the Web session backs the Business API up",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      body: putWhatsAppModeBody,
      response: whatsAppChannelSchema,
      handler: async ({ body }) => view(await switchWhatsAppMode(deps, body)),
    }),
    route({
      method: 'post',
      path: '/channels/whatsapp/web-session',
      summary: "Starts (or resumes) the agency's WhatsApp Web session on the bridge; answers its status and the QR code to scan",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: webSessionSchema,
      handler: () => startWebSession(deps),
    }),
    route({
      method: 'get',
      path: '/channels/whatsapp/web-session',
      summary: "The WhatsApp Web session's status, and its QR code while it waits to be scanned",
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      response: webSessionSchema,
      handler: () => findWebSession(deps),
    }),
    route({
      method: 'delete',
      path: '/channels/whatsapp/web-session',
      summary: 'Logs the WhatsApp Web session out of the bridge and forgets it',
      tag: 'settings',
      access: { scope: 'tenant', roles: MANAGERS },
      status: 204,
      handler: () => endWebSession(deps),
    }),
  ];
}
