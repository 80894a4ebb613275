import { z } from 'zod';
import type { Database } from '../../prisma/client';
import { afterKeyset, keysetOrderBy } from '../../prisma/repositories/keyset';
import { decodeCursor, pageQuery, toPage } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { isoDate, text } from '../http/schemas';

const NEWEST_FIRST = { field: 'createdAt', direction: 'desc' } as const;

export const auditQuery = z.strictObject({
  entity: text(60).optional(),
  entityId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: text(40).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...pageQuery,
});

export function auditRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/audit-log',
      summary: 'Who changed what in the agency, with before and after, newest first',
      tag: 'audit',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN'] },
      query: auditQuery,
      async handler({ query }) {
        const { limit, cursor, from, to, ...filter } = query;
        const where = { ...filter, ...(from || to ? { createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}) };
        const rows = await db.forCurrentTenant((tx) =>
          tx.auditLog.findMany({
            where: cursor ? { AND: [where, afterKeyset(NEWEST_FIRST, decodeCursor(cursor))] } : where,
            orderBy: keysetOrderBy(NEWEST_FIRST),
            take: limit + 1,
          }),
        );
        return toPage(rows, limit, (row) => row.createdAt, ({ tenantId: _tenantId, ...entry }) => entry);
      },
    }),
  ];
}
