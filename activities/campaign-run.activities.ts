import { workflowIds } from '../domain/temporal-contracts';
import type { Database } from '../prisma/client';
import type { Prisma } from '../prisma/generated/client';

export type CampaignRunOpening = { action: 'start'; campaignId: string } | { action: 'skip'; reason: string };

const json = (value: Prisma.JsonValue | null) => (value ?? undefined) as Prisma.InputJsonValue | undefined;

export function createCampaignRunActivities({ db }: { db: Database }) {
  return {
    /**
     * Opens one run of a recurring campaign: a campaign of its own with the parent's audience,
     * content, throttle and quiet hours, named after the day it runs. A paused or cancelled parent
     * opens nothing; a retried opening finds its run already there.
     */
    async openCampaignRun({ tenantId, parentId, campaignId }: { tenantId: string; parentId: string; campaignId: string }): Promise<CampaignRunOpening> {
      return db.inTenant(tenantId, async (tx) => {
        if (await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true } })) return { action: 'start', campaignId };
        const parent = await tx.campaign.findUnique({ where: { id: parentId } });
        if (!parent) return { action: 'skip', reason: 'campaign_gone' };
        if (parent.status !== 'SCHEDULED') return { action: 'skip', reason: `campaign_${parent.status.toLowerCase()}` };
        const { timeZone, locale } = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timeZone: true, locale: true } });
        const day = new Intl.DateTimeFormat(locale, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
        await tx.campaign.create({
          data: {
            id: campaignId,
            tenantId,
            name: `${parent.name} · ${day}`.slice(0, 160),
            type: parent.type,
            status: 'SCHEDULED',
            channel: parent.channel,
            audience: json(parent.audience),
            content: json(parent.content),
            schedule: { kind: 'now' },
            throttlePerSecond: parent.throttlePerSecond,
            maxRecipients: parent.maxRecipients,
            quietHours: json(parent.quietHours),
            parentId,
            createdById: parent.createdById,
            workflowId: workflowIds.campaign(tenantId, campaignId),
          },
        });
        return { action: 'start', campaignId };
      });
    },
  };
}

export type CampaignRunActivities = ReturnType<typeof createCampaignRunActivities>;
