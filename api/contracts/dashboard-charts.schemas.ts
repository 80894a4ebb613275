import { z } from 'zod';
import { LeadOrigin } from '../../prisma/generated/enums';

const count = z.number().int().nonnegative();
const day = z.iso.date();
const firstResponseFigures = { answered: count, medianMinutes: z.number().nonnegative(), withinSla: count };

/** How many days back the lead charts look (today included): two weeks or a month. */
export const LEAD_CHART_DAYS = ['14', '30'] as const;
/** The fixed windows of the response-time and campaign charts. */
export const FIRST_RESPONSE_DAYS = 7;
export const CAMPAIGN_RESULT_DAYS = 14;

export const dashboardChartsQuery = z.strictObject({
  days: z.enum(LEAD_CHART_DAYS).default('14').transform(Number),
});

export const dashboardChartsSchema = z.object({
  /** New leads per day by origin, oldest day first; every day of the window is listed. */
  leadsPerDay: z.object({ days: count, perDay: z.array(z.object({ day, counts: z.partialRecord(z.enum(LeadOrigin), count) })) }),
  /** The same window's new leads and how many reached a conversation, a visit and a closed deal (each step includes the later ones). */
  funnel: z.object({ days: count, leads: count, conversation: count, visit: count, closed: count }),
  /** Per agent, the median minutes to the first human answer of the conversations opened in the window, against the agency's SLA. */
  firstResponse: z.object({
    days: count,
    slaMinutes: z.number(),
    /** Every agent's row for owners and admins; an agent's own row only for an agent. */
    agents: z.array(z.object({ agentId: z.uuid(), name: z.string(), ...firstResponseFigures })),
    /** The same figures over every agent (null: no conversation answered in the window). */
    team: z.object(firstResponseFigures).nullable(),
  }),
  /** Campaign messages sent, delivered, read and replied to per day, oldest day first. */
  campaignResults: z.object({ days: count, perDay: z.array(z.object({ day, sent: count, delivered: count, read: count, replied: count })) }),
});

export type DashboardCharts = z.infer<typeof dashboardChartsSchema>;
