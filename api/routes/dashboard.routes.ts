import { z } from 'zod';
import { dayAndWeekStart } from '../../domain/time-zone';
import { readTenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';
import type { Principal } from '../auth/principal';
import { agencyHealth } from '../../prisma/repositories/agency-health';
import { dashboardFigures } from '../../prisma/repositories/dashboard';
import { campaignResultsPerDay, firstResponseByAgent, leadFunnel, leadsPerDay } from '../../prisma/repositories/dashboard-charts';
import { agencyHealthSchema } from '../contracts/agency-health.schemas';
import { CAMPAIGN_RESULT_DAYS, dashboardChartsQuery, dashboardChartsSchema, FIRST_RESPONSE_DAYS } from '../contracts/dashboard-charts.schemas';
import { route, type RouteSpec } from '../http/route';

const counts = z.record(z.string(), z.number());

export const dashboardSchema = z.object({
  leads: z.object({ today: counts, week: counts }),
  conversations: z.object({ open: z.number(), unassigned: z.number(), slaBreaches: z.number() }),
  messagesToday: counts,
  campaigns: z.array(z.object({ id: z.uuid(), name: z.string(), status: z.string(), total: z.number(), settled: z.number(), sent: z.number() })),
  health: agencyHealthSchema,
  charts: dashboardChartsSchema,
});

/** An agent sees their own first-response figures and the team's, not each colleague's. */
const ownRowOnly = (principal: Principal | undefined) => (principal?.kind === 'user' && principal.role === 'AGENT' ? principal.userId : undefined);

export function dashboardRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/dashboard',
      summary:
        "Today's and this week's leads by origin, conversations waiting and past the SLA, today's messages by status, campaigns in progress, integration health, whether messages or statuses stopped arriving, and the charts: leads per day by origin and their funnel over the last `days` days, first-response time per agent over 7 days, campaign results per day over 14 days",
      tag: 'dashboard',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
      query: dashboardChartsQuery,
      response: dashboardSchema,
      async handler({ req, query, principal }) {
        return db.forCurrentTenant(async (tx) => {
          const { timeZone, settings } = await tx.tenant.findUniqueOrThrow({ where: { id: req.tenant!.id }, select: { timeZone: true, settings: true } });
          const { slaMinutes } = readTenantSettings(settings);
          const since = dayAndWeekStart(Date.now(), timeZone);
          const figures = await dashboardFigures(tx, { day: new Date(since.day), week: new Date(since.week) }, slaMinutes);
          const charts = {
            leadsPerDay: { days: query.days, perDay: await leadsPerDay(tx, timeZone, query.days) },
            funnel: { days: query.days, ...(await leadFunnel(tx, timeZone, query.days)) },
            firstResponse: { days: FIRST_RESPONSE_DAYS, slaMinutes, ...(await firstResponseByAgent(tx, timeZone, FIRST_RESPONSE_DAYS, slaMinutes, ownRowOnly(principal))) },
            campaignResults: { days: CAMPAIGN_RESULT_DAYS, perDay: await campaignResultsPerDay(tx, timeZone, CAMPAIGN_RESULT_DAYS) },
          };
          return { ...figures, health: await agencyHealth(tx, new Date()), charts };
        });
      },
    }),
  ];
}
