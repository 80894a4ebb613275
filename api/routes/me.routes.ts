import type { Database } from '../../prisma/client';
import { AppError } from '../http/errors';
import { route, type RouteSpec } from '../http/route';

export function meRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/me',
      summary: 'The signed-in user and the agency the request acts in',
      tag: 'auth',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
      async handler({ principal, req }) {
        const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { id: req.tenant!.id }, select: { id: true, name: true, slug: true, locale: true, timeZone: true, plan: true } });
        if (principal?.kind !== 'user') return { kind: principal?.kind, tenant };
        const user = await db.forCurrentTenant((tx) =>
          tx.user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true, name: true, role: true, availability: true } }),
        );
        if (!user) throw new AppError('unauthenticated', 'Your account no longer exists');
        return { kind: 'user', user, tenant };
      },
    }),
  ];
}
