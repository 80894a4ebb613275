import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import type { Database } from '../../prisma/client';
import { campaignTimeline, convertedToVisit } from '../../prisma/repositories/campaign-funnel';
import {
  cancelCampaignUpdate,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  setCampaignThrottleUpdate,
  type CampaignCommand,
} from '../../workflows/campaign.contract';
import { AppError } from '../../domain/app-error';
import { pageOf, type CursorFor } from '../http/pagination';
import { openEventStream } from '../http/event-stream';
import { sharedPoll } from '../http/shared-poll';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';
import { campaignSchedules } from '../../temporal/campaign-schedules';
import type { CommittedStarts } from '../../temporal/committed-starts';
import { launchCampaign } from '../../services/campaigns/launch-campaign';
import { campaignControl, ENDED, funnelScope, isRecurring, progressOf } from '../../services/campaigns/campaign-control';
import { findCampaign } from '../../services/campaigns/find-campaign';
import { MANAGERS as CAMPAIGN_MANAGERS } from '../http/access-roles';
import { campaignSchema, listRecipientsQuery, progressSchema, recipientSchema, reportSchema, throttleBody } from '../contracts/campaigns.schemas';
import { campaignView, iso, recipientView } from '../views/campaign-view';
import type { Principal } from '../auth/principal';

const STREAM_INTERVAL_MS = 1_000;
type CampaignProgressView = Awaited<ReturnType<typeof progressOf>>;
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000);

function commandOf(principal: Principal | undefined): CampaignCommand {
  return { actorId: principal?.kind === 'user' ? principal.userId : 'api' };
}

export function campaignRunRoutes({ db, temporal, taskQueue, starts, cursorFor }: { db: Database; temporal: Client; taskQueue: string; starts: CommittedStarts; cursorFor: CursorFor }): RouteSpec[] {
  const recipientPages = cursorFor('campaign-recipients', { field: 'seq', direction: 'asc' });
  const progressPoll = sharedPoll<CampaignProgressView>(STREAM_INTERVAL_MS);
  const schedules = campaignSchedules({ temporal, taskQueue });
  const { command } = campaignControl({ db, temporal, schedules });

  const commandRoute = (path: string, action: string, summary: string, update: UpdateDefinition<unknown, [CampaignCommand]>) =>
    route({
      method: 'post',
      path: `/campaigns/:id/${path}`,
      summary,
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      response: progressSchema,
      async handler({ params, principal }) {
        return command(params.id, update, commandOf(principal), action);
      },
    });

  return [
    route({
      method: 'post',
      path: '/campaigns/:id/launch',
      summary: 'Launch a draft: now, or at its scheduled time in the agency’s time zone. The audience is frozen when sending starts.',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      response: campaignSchema,
      status: 202,
      async handler({ params }) {
        return campaignView(await launchCampaign({ db, starts }, params.id));
      },
    }),
    route({
      method: 'post',
      path: '/campaigns/:id/run-now',
      summary: 'Start a run of a recurring campaign now, outside its calendar',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      response: campaignSchema,
      status: 202,
      async handler({ params }) {
        const campaign = await db.forCurrentTenant((tx) => findCampaign(tx, params.id));
        if (!isRecurring(campaign) || campaign.status !== 'SCHEDULED') throw new AppError('conflict', 'Only a launched recurring campaign that is not paused can run now', { es: 'Solo una campaña recurrente lanzada y no pausada puede ejecutarse ahora' });
        await schedules.runNow(campaign.tenantId, campaign.id);
        return campaignView(campaign);
      },
    }),
    commandRoute('pause', 'pause', 'Pause sending; the reply comes once no further message is going out', pauseCampaignUpdate),
    commandRoute('resume', 'resume', 'Resume a paused campaign where it stopped', resumeCampaignUpdate),
    commandRoute('cancel', 'cancel', 'Cancel: nothing more is sent, and leads not yet reached are marked as skipped', cancelCampaignUpdate),
    route({
      method: 'put',
      path: '/campaigns/:id/throttle',
      summary: 'Change the sending rate of a campaign, also while it runs (within the sending number’s limit)',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      body: throttleBody,
      response: progressSchema,
      async handler({ params, body, principal }) {
        return command(params.id, setCampaignThrottleUpdate, { ...commandOf(principal), perSecond: body.perSecond }, 'throttle');
      },
    }),
    route({
      method: 'get',
      path: '/campaigns/:id/progress',
      summary: 'Where the campaign stands: recipients pending, sent, delivered, read, replied, failed and skipped (with reasons)',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      response: progressSchema,
      async handler({ params }) {
        return db.forCurrentTenant(async (tx) => progressOf(tx, await findCampaign(tx, params.id)));
      },
    }),
    route({
      method: 'get',
      path: '/campaigns/:id/report',
      summary: 'The campaign’s funnel: sent → delivered → read → replied → visit booked, with rates over the messages sent',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      response: reportSchema,
      async handler({ params }) {
        return db.forCurrentTenant(async (tx) => {
          const campaign = await findCampaign(tx, params.id);
          const progress = await progressOf(tx, campaign);
          const scope = await funnelScope(tx, campaign);
          const visits = await convertedToVisit(tx, scope);
          const { timeZone } = await tx.tenant.findUniqueOrThrow({ where: { id: campaign.tenantId }, select: { timeZone: true } });
          return {
            ...progress,
            convertedToVisit: visits,
            rates: { delivered: ratio(progress.delivered, progress.sent), read: ratio(progress.read, progress.sent), replied: ratio(progress.replied, progress.sent), convertedToVisit: ratio(visits, progress.sent) },
            launchedAt: iso(campaign.launchedAt),
            completedAt: iso(campaign.completedAt),
            timeline: await campaignTimeline(tx, scope, timeZone),
          };
        });
      },
    }),
    route({
      method: 'get',
      path: '/campaigns/:id/recipients',
      summary: 'The campaign’s recipients in send order, filtered by status, with failure reasons',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      query: listRecipientsQuery,
      response: pageOf(recipientSchema),
      async handler({ params, query }) {
        const after = recipientPages.read(query.cursor);
        const rows = await db.forCurrentTenant(async (tx) => {
          await findCampaign(tx, params.id);
          return tx.campaignRecipient.findMany({
            where: { campaignId: params.id, seq: { gt: Number(after?.value ?? 0) }, ...(query.status ? { status: { in: query.status } } : {}) },
            orderBy: { seq: 'asc' },
            take: query.limit + 1,
            include: { lead: { select: { name: true } } },
          });
        });
        return recipientPages.page(rows, query.limit, (row) => row.seq, recipientView);
      },
    }),
    route({
      method: 'get',
      path: '/campaigns/:id/stream',
      sends: 'event-stream',
      summary: 'Server-sent events: a `progress` event every second while the campaign runs, and a last one when it ends',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      query: z.strictObject({ maxDurationSec: z.coerce.number().int().min(1).max(3_600).optional() }),
      async handler({ params, query, req, res }) {
        const tenantId = req.tenant!.id;
        await db.forCurrentTenant((tx) => findCampaign(tx, params.id));
        openEventStream(res);
        // Every viewer of the campaign on this API instance shares one read per second.
        const read = () => db.inTenant(tenantId, async (tx) => progressOf(tx, await findCampaign(tx, params.id)));
        let done = false;
        let stop = () => undefined as void;
        const deadline = setTimeout(finish, (query.maxDurationSec ?? 3_600) * 1000);
        function finish(): void {
          if (done) return;
          done = true;
          stop();
          clearTimeout(deadline);
          res.end();
        }
        req.once('close', finish);
        stop = progressPoll.subscribe(`${tenantId}:${params.id}`, read, (progress) => {
          if (done) return;
          res.write(`event: progress\ndata: ${JSON.stringify(progress)}\n\n`);
          if (ENDED.has(progress.status) && progress.pending === 0) finish();
        });
        if (done) stop();
      },
    }),
  ];
}
