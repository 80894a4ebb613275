import type { Database } from '../../prisma/client';
import { agencyHealth } from '../../prisma/repositories/agency-health';
import type { Logger } from '../../domain/logger';
import { platformProblemsSnapshot } from '../../services/health/platform-problems-snapshot';
import { agencyHealthSchema, platformProblemsSchema } from '../contracts/agency-health.schemas';
import { route, type RouteSpec } from '../http/route';

/** Health an admin can act on: the agency's own, and the platform's list of agencies in trouble. */
export function agencyHealthRoutes({ db, logger }: { db: Database; logger: Logger }): RouteSpec[] {
  const problems = platformProblemsSnapshot({ db, logger });
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
      summary: 'Agencies with problems: a refused token, failing sends, stuck campaigns, a growing backlog, messages or statuses that stopped (superadmin); checked in the background at most once a minute, `checkedAt` null until the first check ends',
      tag: 'platform',
      access: { scope: 'platform' },
      response: platformProblemsSchema,
      handler: async () => problems.read(),
    }),
  ];
}
