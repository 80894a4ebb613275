import type { TenantTx } from '../client';
import { campaignFunnel } from './campaign-funnel';

const counted = <K extends string>(rows: { key: K; n: bigint }[]) => Object.fromEntries(rows.map((row) => [row.key, Number(row.n)])) as Record<K, number>;

/** The agency at a glance, counted in PostgreSQL for the dashboard (row-level security keeps it to the agency). */
export async function dashboardFigures(tx: TenantTx, since: { day: Date; week: Date }, slaMinutes: number) {
  const leadsToday = await tx.$queryRaw<{ key: string; n: bigint }[]>`SELECT origin::text AS key, count(*) AS n FROM "Lead" WHERE "createdAt" >= ${since.day} GROUP BY origin`;
  const leadsWeek = await tx.$queryRaw<{ key: string; n: bigint }[]>`SELECT origin::text AS key, count(*) AS n FROM "Lead" WHERE "createdAt" >= ${since.week} GROUP BY origin`;
  const messages = await tx.$queryRaw<{ key: string; n: bigint }[]>`SELECT status::text AS key, count(*) AS n FROM "Message" WHERE direction = 'OUTBOUND' AND "createdAt" >= ${since.day} GROUP BY status`;
  const slaLimit = new Date(Date.now() - slaMinutes * 60_000);
  const [open, unassigned, slaBreaches] = [
    await tx.conversation.count({ where: { status: 'OPEN' } }),
    await tx.conversation.count({ where: { status: 'OPEN', assigneeId: null, botActive: false } }),
    await tx.conversation.count({ where: { status: 'OPEN', waitingSince: { lt: slaLimit } } }),
  ];
  const running = await tx.campaign.findMany({ where: { status: { in: ['RUNNING', 'PAUSED', 'SCHEDULED'] } }, orderBy: { createdAt: 'desc' }, take: 10, select: { id: true, name: true, status: true } });
  const campaigns = [];
  for (const campaign of running) {
    const funnel = await campaignFunnel(tx, campaign.id);
    campaigns.push({ ...campaign, total: funnel.total, settled: funnel.total - funnel.pending, sent: funnel.sent });
  }
  return {
    leads: { today: counted(leadsToday), week: counted(leadsWeek) },
    conversations: { open, unassigned, slaBreaches },
    messagesToday: counted(messages),
    campaigns,
  };
}
