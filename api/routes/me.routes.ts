import type { AppConfig } from '../../domain/config';
import type { Database } from '../../prisma/client';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { meResponse } from '../contracts/auth.schemas';

/** Where the platform operator follows a workflow in the Temporal Web UI; none when no UI is configured. */
function temporalUiOf({ uiUrl, namespace }: AppConfig['temporal']) {
  return uiUrl ? { url: uiUrl, namespace } : null;
}

export function meRoutes({ db, config }: { db: Database; config: AppConfig }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/me',
      summary: 'The signed-in user, the agency the request acts in and, for platform admins only, the Temporal Web UI',
      tag: 'auth',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
      response: meResponse,
      async handler({ principal, req }) {
        const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { id: req.tenant!.id }, select: { id: true, name: true, slug: true, locale: true, timeZone: true, plan: true } });
        if (principal?.kind !== 'user') return { kind: principal?.kind, tenant, temporalUi: principal?.kind === 'platform_admin' ? temporalUiOf(config.temporal) : null };
        const user = await db.forCurrentTenant((tx) =>
          tx.user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true, name: true, role: true, availability: true } }),
        );
        if (!user) throw new AppError('unauthenticated', 'Your account no longer exists');
        // The Temporal Web UI is the platform operator's tool: agency staff, owners included, never get its address.
        return { kind: 'user', user, tenant, temporalUi: null };
      },
    }),
  ];
}
