import { bridgeEvent } from '../../integrations/whatsapp-web/bridge-api';
import { botInboundBody, type BotPlatform } from '../../domain/bot-platforms';
import { InvalidPhoneError, normalizePhone } from '../../domain/phone';
import { readTenantSettings } from '../../domain/tenant-settings';
import type { Database, TenantTx } from '../../prisma/client';
import { botPlatformDelivery } from './bot-platform-delivery';
import type { Delivery, EdgeEvent, Route } from './edge-events';
import type { WebhookInbox } from './webhook-inbox';
import { whatsAppWebDelivery } from './whatsapp-web-delivery';
import { whatsAppCloudDelivery } from './whatsapp-cloud-delivery';

export interface StoredDelivery {
  id: string;
  receivedAt: Date;
  source: string;
  body: Buffer;
  events: number;
}

const PLATFORM_OF: Record<string, BotPlatform> = { manychat: 'MANYCHAT', uchat: 'UCHAT' };

/** What routes Meta's deliveries to this agency now: its number, business account and pages. */
async function ownRoutes(tx: TenantTx): Promise<(route: Route) => boolean> {
  const channel = await tx.whatsAppChannel.findFirst({ select: { phoneNumberId: true, businessAccountId: true } });
  const pages = new Set((await tx.metaLeadPage.findMany({ select: { pageId: true } })).map((page) => page.pageId));
  return (route) =>
    ('phoneNumberId' in route && route.phoneNumberId === channel?.phoneNumberId) ||
    ('businessAccountId' in route && route.businessAccountId === channel?.businessAccountId) ||
    ('pageId' in route && pages.has(route.pageId));
}

/** A phone a platform sent that no longer parses is left out, as the contact's id still names them. */
function phoneOrNothing(phone: string | undefined, country: Parameters<typeof normalizePhone>[1]): string | undefined {
  try {
    return phone ? normalizePhone(phone, country) : undefined;
  } catch (error) {
    if (error instanceof InvalidPhoneError) return undefined;
    throw error;
  }
}

/**
 * The kept bytes read again as a delivery of this agency only (a Meta delivery may carry other
 * agencies' events: those are left out), marked not to be stored again.
 */
async function replayOf(tx: TenantTx, tenantId: string, stored: StoredDelivery): Promise<Delivery> {
  const json: unknown = JSON.parse(stored.body.toString('utf8'));
  const keep = { store: false, hold: false };
  if (stored.source === 'whatsapp_cloud') {
    const delivery = whatsAppCloudDelivery(stored.body, stored.receivedAt, json, keep);
    const owned = await ownRoutes(tx);
    const events = delivery.events.filter((event) => owned(event.route)).map((event): EdgeEvent => ({ ...event, route: { tenantId } }));
    return { ...delivery, events };
  }
  if (stored.source === 'whatsapp_web') return { ...whatsAppWebDelivery(tenantId, bridgeEvent.parse(json), stored.body, stored.receivedAt), ...keep };
  const platform = PLATFORM_OF[stored.source];
  if (!platform) throw new Error(`deliveries from ${stored.source} cannot be re-processed`);
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true, locale: true } });
  const body = botInboundBody.parse(json);
  const phone = phoneOrNothing(body.phone, readTenantSettings(tenant.settings, tenant.locale).defaultCountry);
  return { ...botPlatformDelivery(platform, tenantId, { body, phone, raw: stored.body, receivedAt: stored.receivedAt }), ...keep };
}

/** Support's window on what providers sent an agency: the kept bytes, and a way to run one through the inbox again. */
export function storedDeliveries({ db, inbox }: { db: Database; inbox: WebhookInbox }) {
  return {
    find: (tenantId: string, id: string) => db.inTenant(tenantId, (tx) => tx.webhookDelivery.findFirst({ where: { id } })),

    /** Runs a kept delivery through the edge write again; what it already did is absorbed by message ids. Answers how many events it carried. */
    async reprocess(tenantId: string, stored: StoredDelivery): Promise<number> {
      const delivery = await db.inTenant(tenantId, (tx) => replayOf(tx, tenantId, stored));
      await inbox.accept(delivery);
      return delivery.events.length;
    },
  };
}
