import type { Logger } from '../../domain/logger';
import type { Database } from '../../prisma/client';
import { Prisma } from '../../prisma/generated/client';
import type { Delivery, EdgeEvent } from './edge-events';
import type { WebhookInbox } from './webhook-inbox';
import { whatsAppCloudDelivery } from './whatsapp-cloud-delivery';

interface HeldRow {
  id: string;
  routeKind: 'whatsapp_number' | 'meta_page';
  routeId: string;
  /** Base64: Prisma's raw queries do not read bytea back. */
  body: string;
  receivedAt: Date;
}

const RELEASED_PER_PASS = 200;

function namesRoute(row: HeldRow) {
  return (event: EdgeEvent) => ('phoneNumberId' in event.route && row.routeKind === 'whatsapp_number' && event.route.phoneNumberId === row.routeId)
    || ('pageId' in event.route && row.routeKind === 'meta_page' && event.route.pageId === row.routeId);
}

/** The held bytes again, now routed to the agency that connected their number or page. */
function deliveryOf(row: HeldRow): Delivery {
  const body = Buffer.from(row.body, 'base64');
  const held = whatsAppCloudDelivery(body, row.receivedAt, JSON.parse(body.toString('utf8')), { store: true, hold: false });
  return { ...held, events: held.events.filter(namesRoute(row)) };
}

/**
 * Deliveries for a WhatsApp number or Facebook page no agency owned are kept a day; once an agency
 * connects it, they go through the inbox as if they had just arrived (once: each is deleted in the
 * transaction that claimed it, and message ids make a second pass harmless).
 */
export function heldDeliveries({ db, inbox, logger }: { db: Database; inbox: WebhookInbox; logger: Logger }) {
  return {
    /** Releases what is held for routes that now have an owner (optionally one number or page); answers how many. */
    async releaseOwned(routeId?: string): Promise<number> {
      return db.prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<HeldRow[]>`
          SELECT id, "routeKind", "routeId", encode(body, 'base64') AS body, "receivedAt" FROM "HeldDelivery"
          WHERE (("routeKind" = 'whatsapp_number' AND astor_tenant_for_phone_number_id("routeId") IS NOT NULL)
              OR ("routeKind" = 'meta_page' AND astor_tenant_for_meta_page("routeId") IS NOT NULL))
            ${routeId ? Prisma.sql`AND "routeId" = ${routeId}` : Prisma.empty}
          ORDER BY "receivedAt" LIMIT ${RELEASED_PER_PASS} FOR UPDATE SKIP LOCKED`;
        for (const row of rows) {
          await inbox.accept(deliveryOf(row));
          await tx.$executeRaw`DELETE FROM "HeldDelivery" WHERE id = ${row.id}::uuid`;
        }
        if (rows.length) logger.info('held webhook deliveries released to the agency that connected them', { deliveries: rows.length });
        return rows.length;
      }, { timeout: 60_000 });
    },
  };
}

export type HeldDeliveries = ReturnType<typeof heldDeliveries>;

/** Releases what waited for a number or page just connected; a failure is left to the periodic upkeep, never to the person connecting. */
export async function releaseHeld(held: HeldDeliveries, routeId: string, logger: Logger): Promise<void> {
  await held.releaseOwned(routeId).catch((error: unknown) => logger.warn('held webhook deliveries not released yet; the upkeep will', { error: error instanceof Error ? error.message : String(error) }));
}
