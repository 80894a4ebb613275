import { z } from 'zod';
import { dayAndWeekStart } from '../../domain/time-zone';
import { readTenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';
import { agencyHealth } from '../../prisma/repositories/agency-health';
import { dashboardFigures } from '../../prisma/repositories/dashboard';
import { agencyHealthSchema } from '../contracts/agency-health.schemas';
import { route, type RouteSpec } from '../http/route';

const counts = z.record(z.string(), z.number());

export const dashboardSchema = z.object({
  leads: z.object({ today: counts, week: counts }),
  conversations: z.object({ open: z.number(), unassigned: z.number(), slaBreaches: z.number() }),
  messagesToday: counts,
  campaigns: z.array(z.object({ id: z.uuid(), name: z.string(), status: z.string(), total: z.number(), settled: z.number(), sent: z.number() })),
  health: agencyHealthSchema,
});

export function dashboardRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/dashboard',
      summary: "Today's and this week's leads by origin, conversations waiting and past the SLA, today's messages by status, campaigns in progress, integration health and whether messages or statuses stopped arriving",
      tag: 'dashboard',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
      response: dashboardSchema,
      async handler({ req }) {
        return db.forCurrentTenant(async (tx) => {
          const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: req.tenant!.id }, select: { timeZone: true, settings: true } });
          const since = dayAndWeekStart(Date.now(), tenant.timeZone);
          const figures = await dashboardFigures(tx, { day: new Date(since.day), week: new Date(since.week) }, readTenantSettings(tenant.settings).slaMinutes);
          return { ...figures, health: await agencyHealth(tx, new Date()) };
        });
      },
    }),
  ];
}
