import type { Database } from '../../prisma/client';
import { agencyHealth } from '../../prisma/repositories/agency-health';
import { findPlatformProblems } from '../../services/health/find-platform-problems';
import { agencyHealthSchema, platformProblemsSchema } from '../contracts/agency-health.schemas';
import { route, type RouteSpec } from '../http/route';

/** Health an admin can act on: the agency's own, and the platform's list of agencies in trouble. */
export function agencyHealthRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/tenant/health',
      summary: "The agency's integrations (connected, token refused, rate limited, last success and error) and whether messages or statuses stopped arriving",
      tag: 'tenant',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN'] },
      response: agencyHealthSchema,
      handler: () => db.forCurrentTenant((tx) => agencyHealth(tx, new Date())),
    }),
    route({
      method: 'get',
      path: '/platform/problems',
      summary: 'Agencies with problems: a refused token, failing sends, stuck campaigns, a growing backlog, messages or statuses that stopped (superadmin)',
      tag: 'platform',
      access: { scope: 'platform' },
      response: platformProblemsSchema,
      handler: () => findPlatformProblems({ db }),
    }),
  ];
}
