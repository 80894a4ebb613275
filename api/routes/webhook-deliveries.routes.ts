import type { Logger } from '../../domain/logger';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { afterKeyset, keysetOrderBy } from '../../prisma/repositories/keyset';
import { storedDeliveries } from '../../services/webhook-inbox/stored-deliveries';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { platformActor } from '../auth/principal';
import { AppError } from '../../domain/app-error';
import type { CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { deliveryPageSchema, deliveryParams, deliverySchema, listDeliveriesQuery, reprocessedSchema, tenantParams } from '../contracts/webhook-deliveries.schemas';

const PLATFORM = { scope: 'platform' } as const;
const NEWEST_FIRST = { field: 'receivedAt', direction: 'desc' } as const;

const summary = (row: { id: string; receivedAt: Date; source: string; events: number; body: Uint8Array }) => ({
  id: row.id,
  receivedAt: row.receivedAt,
  source: row.source,
  events: row.events,
  bytes: row.body.byteLength,
});

const notFound = () => new AppError('not_found', 'No such delivery for this agency (deliveries are kept for a limited number of days)');

/** What providers sent an agency, kept byte for byte for a while: for support, and to re-process one. */
export function webhookDeliveryRoutes({ db, webhookInbox, logger, cursorFor }: { db: Database; webhookInbox: WebhookInbox; logger: Logger; cursorFor: CursorFor }): RouteSpec[] {
  const stored = storedDeliveries({ db, inbox: webhookInbox });
  const pages = cursorFor('webhook-deliveries', NEWEST_FIRST);
  return [
    route({
      method: 'get',
      path: '/platform/tenants/:tenantId/webhook-deliveries',
      summary: "An agency's kept webhook deliveries, newest first (superadmin)",
      tag: 'platform',
      access: PLATFORM,
      params: tenantParams,
      query: listDeliveriesQuery,
      response: deliveryPageSchema,
      async handler({ params, query }) {
        const { limit, cursor, from, to, source } = query;
        const where = { ...(source ? { source } : {}), ...(from || to ? { receivedAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}) };
        const after = pages.read(cursor);
        const rows = await db.inTenant(params.tenantId, (tx) =>
          tx.webhookDelivery.findMany({ where: after ? { AND: [where, afterKeyset(NEWEST_FIRST, after)] } : where, orderBy: keysetOrderBy(NEWEST_FIRST), take: limit + 1 }),
        );
        return pages.page(rows, limit, (row) => row.receivedAt, summary);
      },
    }),
    route({
      method: 'get',
      path: '/platform/tenants/:tenantId/webhook-deliveries/:id',
      summary: 'One kept delivery: the exact bytes the provider sent, as text and base64 (superadmin)',
      tag: 'platform',
      access: PLATFORM,
      params: deliveryParams,
      response: deliverySchema,
      async handler({ params }) {
        const row = await stored.find(params.tenantId, params.id);
        if (!row) throw notFound();
        const body = Buffer.from(row.body);
        return { ...summary(row), body: body.toString('utf8'), bodyBase64: body.toString('base64') };
      },
    }),
    route({
      method: 'post',
      path: '/platform/tenants/:tenantId/webhook-deliveries/:id/reprocess',
      summary: 'Run a kept delivery through the inbox again; what it already did is not done twice (superadmin)',
      tag: 'platform',
      access: PLATFORM,
      params: deliveryParams,
      response: reprocessedSchema,
      async handler({ params, principal, req }) {
        const row = await stored.find(params.tenantId, params.id);
        if (!row) throw notFound();
        const events = await stored.reprocess(params.tenantId, { ...row, body: Buffer.from(row.body) });
        await db.inTenant(params.tenantId, (tx) => recordAudit(tx, { action: 'reprocess', entity: 'WebhookDelivery', entityId: row.id, after: { events } }), platformActor(principal, req.ip));
        logger.info('webhook delivery re-processed', { tenantId: params.tenantId, deliveryId: row.id, events });
        return { id: row.id, events };
      },
    }),
  ];
}
