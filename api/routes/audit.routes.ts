import type { Database } from '../../prisma/client';
import { afterKeyset, keysetOrderBy } from '../../prisma/repositories/keyset';
import type { CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { auditPageSchema, auditQuery } from '../contracts/audit.schemas';

const NEWEST_FIRST = { field: 'createdAt', direction: 'desc' } as const;

export function auditRoutes({ db, cursorFor }: { db: Database; cursorFor: CursorFor }): RouteSpec[] {
  const pages = cursorFor('audit-log', NEWEST_FIRST);
  return [
    route({
      method: 'get',
      path: '/audit-log',
      summary: 'Who changed what in the agency, with before and after, newest first',
      tag: 'audit',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN'] },
      query: auditQuery,
      response: auditPageSchema,
      async handler({ query }) {
        const { limit, cursor, from, to, ...filter } = query;
        const where = { ...filter, ...(from || to ? { createdAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}) };
        const after = pages.read(cursor);
        const rows = await db.forCurrentTenant((tx) =>
          tx.auditLog.findMany({
            where: after ? { AND: [where, afterKeyset(NEWEST_FIRST, after)] } : where,
            orderBy: keysetOrderBy(NEWEST_FIRST),
            take: limit + 1,
          }),
        );
        return pages.page(rows, limit, (row) => row.createdAt, ({ tenantId: _tenantId, ...entry }) => entry);
      },
    }),
  ];
}
